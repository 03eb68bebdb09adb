// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../../src/interfaces/ILoanCore.sol";
import {WethGateway} from "../../../src/periphery/WethGateway.sol";
import {TestERC1155} from "../../utils/TestERC1155.sol";
import {TestERC721} from "../../utils/TestERC721.sol";
import {LoanFixtures} from "../LoanFixtures.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives the WETH gateway through random borrows (ERC-721 and ERC-1155), full and partial ETH
/// repayments with random excess, request fills and time steps, keeping a model of the open loans.
/// Every call is valid, so none may revert; ghost counters record any ETH amount that differs from the
/// model (principal paid out, refund returned, ETH lent).
contract WethGatewayHandler is CommonBase, StdCheats, StdUtils {
    struct OpenLoan {
        uint256 loanId;
        ILoanCore.Loan loan;
    }

    uint256 internal constant ERC1155_AMOUNT = 3;
    uint256 internal constant MAX_PRINCIPAL = 100 ether;
    uint32 internal constant APR_BPS = 1500;

    ILoanCore public immutable CORE;
    WethGateway public immutable GATEWAY;
    address public immutable WETH;
    TestERC721 public immutable NFT;
    TestERC1155 public immutable MULTI_TOKEN;
    address public immutable LENDER;
    uint256 internal immutable LENDER_KEY;
    /// @dev The core's protocol fee, fixed for the run: part of every loan's state.
    uint16 internal immutable FEE_BPS;

    address[] internal _actors;
    mapping(address actor => uint256) internal _keys;
    OpenLoan[] internal _openLoans;
    uint256 internal _nextTokenId = 1000;

    /// @notice ETH amounts (payout, refund, amount lent) that differed from the model.
    uint256 public ghostEthMismatches;
    uint256 public ghostLoansOpened;
    uint256 public ghostLoansClosed;

    constructor(
        ILoanCore core,
        WethGateway gateway,
        TestERC721 nft,
        TestERC1155 multiToken,
        address lender,
        uint256 lenderKey,
        uint16 feeBps
    ) {
        CORE = core;
        GATEWAY = gateway;
        WETH = address(gateway.weth());
        NFT = nft;
        MULTI_TOKEN = multiToken;
        LENDER = lender;
        LENDER_KEY = lenderKey;
        FEE_BPS = feeBps;
        for (uint256 i; i < 3; ++i) {
            (address actor, uint256 key) = makeAddrAndKey(string.concat("actor", vm.toString(i)));
            _actors.push(actor);
            _keys[actor] = key;
            vm.startPrank(actor);
            nft.setApprovalForAll(address(gateway), true);
            multiToken.setApprovalForAll(address(gateway), true);
            // Requests are filled straight from the borrower by the core.
            nft.setApprovalForAll(address(core), true);
            vm.stopPrank();
        }
    }

    function openLoanCount() external view returns (uint256) {
        return _openLoans.length;
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    function borrow(uint256 actorSeed, uint256 principal, bool erc1155) external {
        address actor = _actor(actorSeed);
        principal = bound(principal, 1, MAX_PRINCIPAL);
        uint256 tokenId = ++_nextTokenId;
        ILoanCore.LoanOffer memory offer = LoanFixtures.tokenOffer(
            LENDER,
            erc1155 ? address(MULTI_TOKEN) : address(NFT),
            tokenId,
            erc1155 ? ERC1155_AMOUNT : 0,
            WETH,
            MAX_PRINCIPAL,
            APR_BPS,
            30 days,
            uint64(block.timestamp + 1 days)
        );
        if (erc1155) MULTI_TOKEN.mint(actor, tokenId, ERC1155_AMOUNT);
        else NFT.mint(actor, tokenId);
        bytes memory signature = _sign(LENDER_KEY, CORE.hashOffer(offer));
        uint256 ethBefore = actor.balance;

        vm.prank(actor);
        uint256 loanId =
            GATEWAY.acceptOfferForEth(offer, signature, tokenId, principal, new bytes32[](0), address(0));

        if (actor.balance != ethBefore + principal) ++ghostEthMismatches;
        _open(loanId, LoanFixtures.loanFromOffer(offer, principal, FEE_BPS, address(0)));
    }

    function fillRequest(uint256 borrowerSeed, uint256 lenderSeed, uint256 principal) external {
        address borrower = _actor(borrowerSeed);
        address ethLender = _actor(lenderSeed);
        principal = bound(principal, 1, MAX_PRINCIPAL);
        uint256 tokenId = ++_nextTokenId;
        NFT.mint(borrower, tokenId);
        ILoanCore.BorrowRequest memory request = LoanFixtures.request(
            borrower, address(NFT), tokenId, WETH, 1, APR_BPS, 30 days, uint64(block.timestamp + 1 days)
        );
        bytes memory signature = _sign(_keys[borrower], CORE.hashRequest(request));
        vm.deal(ethLender, principal);

        vm.prank(ethLender);
        uint256 loanId = GATEWAY.fillRequestWithEth{value: principal}(request, signature, APR_BPS);

        if (ethLender.balance != 0) ++ghostEthMismatches;
        _open(loanId, LoanFixtures.loanFromRequest(request, principal, APR_BPS, FEE_BPS));
    }

    function repay(uint256 loanSeed, uint256 payerSeed, uint256 excess) external {
        if (_openLoans.length == 0) return;
        uint256 index = loanSeed % _openLoans.length;
        OpenLoan memory open = _openLoans[index];
        address payer = _actor(payerSeed);
        excess = bound(excess, 0, 10 ether);
        (, uint256 debt) = CORE.debtAt(open.loan, block.timestamp);
        vm.deal(payer, debt + excess);

        vm.prank(payer);
        GATEWAY.repayWithEth{value: debt + excess}(open.loanId, open.loan);

        if (payer.balance != excess) ++ghostEthMismatches;
        _close(index);
    }

    /// @dev Partial payments come from the borrower-note holder, who approved the gateway on its notes.
    function repayPartial(uint256 loanSeed, uint256 amount, uint256 excess) external {
        if (_openLoans.length == 0) return;
        uint256 index = loanSeed % _openLoans.length;
        OpenLoan memory open = _openLoans[index];
        address payer = IERC721(address(CORE)).ownerOf(CORE.borrowerNoteId(open.loanId));
        vm.prank(payer);
        IERC721(address(CORE)).setApprovalForAll(address(GATEWAY), true);
        (uint256 interest, uint256 debt) = CORE.debtAt(open.loan, block.timestamp);
        amount = bound(amount, 1, debt);
        excess = bound(excess, 0, 10 ether);
        vm.deal(payer, amount + excess);

        vm.prank(payer);
        GATEWAY.repayPartialWithEth{value: amount + excess}(open.loanId, open.loan, amount);

        if (payer.balance != excess) ++ghostEthMismatches;
        if (amount == debt) return _close(index);
        uint256 interestPaid = amount < interest ? amount : interest;
        ILoanCore.Loan storage loan = _openLoans[index].loan;
        loan.principal -= amount - interestPaid;
        loan.carriedInterest = interest - interestPaid;
        loan.accrualStart = uint40(block.timestamp);
    }

    function warp(uint256 seconds_) external {
        skip(bound(seconds_, 0, 10 days));
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _open(uint256 loanId, ILoanCore.Loan memory loan) internal {
        _openLoans.push(OpenLoan({loanId: loanId, loan: loan}));
        ++ghostLoansOpened;
    }

    function _close(uint256 index) internal {
        _openLoans[index] = _openLoans[_openLoans.length - 1];
        _openLoans.pop();
        ++ghostLoansClosed;
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }
}
