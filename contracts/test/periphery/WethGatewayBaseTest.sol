// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../script/LoanDefaults.sol";
import {IDelegateRegistry} from "../../src/interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanCoreExtension, LoanCore} from "../../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../../src/lending/LoanCoreExtension.sol";
import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {IWETH} from "../../src/periphery/IWETH.sol";
import {WethGateway} from "../../src/periphery/WethGateway.sol";
import {TestERC1155} from "../utils/TestERC1155.sol";
import {TestERC721} from "../utils/TestERC721.sol";
import {LoanFixtures} from "./LoanFixtures.sol";
import {Test} from "forge-std/Test.sol";
import {WETH} from "solady/tokens/WETH.sol";

/// @notice Deployments, actors and loan helpers for the WETH gateway suites.
abstract contract WethGatewayBaseTest is Test {
    uint256 internal constant START_TIME = 1_700_000_000;
    uint256 internal constant TOKEN_ID = 7;
    uint256 internal constant ERC1155_AMOUNT = 5;
    uint256 internal constant PRINCIPAL = 10 ether;
    uint256 internal constant MAX_PRINCIPAL = 100 ether;
    uint32 internal constant APR_BPS = 1200;
    uint32 internal constant DURATION = 30 days;
    uint16 internal constant FEE_BPS = 1000;

    uint256 internal lenderKey;
    address internal lender;
    uint256 internal borrowerKey;
    /// @dev The gateway's user when borrowing: owns the collateral.
    address internal borrower;
    address internal treasury = makeAddr("treasury");
    address internal payer = makeAddr("payer");
    address internal attacker = makeAddr("attacker");
    address internal delegate = makeAddr("delegate");

    WETH internal weth;
    DelegateRegistry internal registry;
    ILoanCore internal core;
    WethGateway internal gateway;
    TestERC721 internal nft;
    TestERC1155 internal multiToken;
    /// @dev An allowed currency that is not WETH.
    WETH internal otherToken;

    function setUp() public virtual {
        vm.warp(START_TIME);
        (lender, lenderKey) = makeAddrAndKey("lender");
        (borrower, borrowerKey) = makeAddrAndKey("borrower");
        weth = new WETH();
        otherToken = new WETH();
        registry = new DelegateRegistry();
        core = _deployCore();
        gateway = new WethGateway(core, IWETH(address(weth)));
        nft = new TestERC721();
        multiToken = new TestERC1155();
        core.setCurrencyAllowed(address(weth), true);
        core.setCurrencyAllowed(address(otherToken), true);
        core.setProtocolFee(FEE_BPS);

        // The lender funds offers in WETH, approved to the core (never to the gateway).
        _fundWeth(lender, 1000 ether);
        vm.prank(lender);
        weth.approve(address(core), type(uint256).max);

        nft.mint(borrower, TOKEN_ID);
        multiToken.mint(borrower, TOKEN_ID, ERC1155_AMOUNT);
        vm.startPrank(borrower);
        nft.setApprovalForAll(address(gateway), true);
        multiToken.setApprovalForAll(address(gateway), true);
        vm.stopPrank();

        vm.label(address(weth), "weth");
        vm.label(address(otherToken), "otherToken");
        vm.label(address(registry), "registry");
        vm.label(address(core), "core");
        vm.label(address(gateway), "gateway");
        vm.label(address(nft), "nft");
        vm.label(address(multiToken), "multiToken");
    }

    function _deployCore() internal virtual returns (ILoanCore) {
        IDelegateRegistry delegates = IDelegateRegistry(address(registry));
        LoanCoreExtension extension = new LoanCoreExtension(delegates, LoanDefaults.parameters());
        return ILoanCore(
            address(
                new LoanCore(
                    address(this),
                    treasury,
                    delegates,
                    LoanDefaults.parameters(),
                    ILoanCoreExtension(address(extension))
                )
            )
        );
    }

    /*//////////////////////////////////////////////////////////////
                                 OFFERS
    //////////////////////////////////////////////////////////////*/

    /// @dev A WETH offer for exactly `nft` #TOKEN_ID, principal in [1 wei, MAX_PRINCIPAL].
    function _offer() internal view returns (ILoanCore.LoanOffer memory) {
        return LoanFixtures.tokenOffer(
            lender,
            address(nft),
            TOKEN_ID,
            0,
            address(weth),
            MAX_PRINCIPAL,
            APR_BPS,
            DURATION,
            uint64(block.timestamp + 1 days)
        );
    }

    /// @dev The same offer for ERC1155_AMOUNT of `multiToken` id TOKEN_ID.
    function _offer1155() internal view returns (ILoanCore.LoanOffer memory offer) {
        offer = _offer();
        offer.collateral = address(multiToken);
        offer.collateralAmount = ERC1155_AMOUNT;
    }

    function _signOffer(ILoanCore.LoanOffer memory offer) internal view returns (bytes memory) {
        return _sign(lenderKey, core.hashOffer(offer));
    }

    /// @dev A WETH borrow request by `borrower` for `nft` #TOKEN_ID.
    function _request() internal view returns (ILoanCore.BorrowRequest memory) {
        return LoanFixtures.request(
            borrower,
            address(nft),
            TOKEN_ID,
            address(weth),
            1 ether,
            APR_BPS,
            DURATION,
            uint64(block.timestamp + 1 days)
        );
    }

    function _signRequest(ILoanCore.BorrowRequest memory request) internal view returns (bytes memory) {
        return _sign(borrowerKey, core.hashRequest(request));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /*//////////////////////////////////////////////////////////////
                                  LOANS
    //////////////////////////////////////////////////////////////*/

    /// @dev `borrower` borrows `principal` ETH through the gateway against `offer`; returns the loan as
    /// the core stores it (checked against its hash).
    function _borrowWithEth(ILoanCore.LoanOffer memory offer, uint256 principal, address delegate_)
        internal
        returns (uint256 loanId, ILoanCore.Loan memory loan)
    {
        bytes memory signature = _signOffer(offer);
        vm.prank(borrower);
        loanId = gateway.acceptOfferForEth(
            offer, signature, offer.tokenId, principal, new bytes32[](0), delegate_
        );
        loan = _loanFromOffer(offer, principal, delegate_);
        assertEq(core.loanHash(loanId), keccak256(abi.encode(loan)), "loan hash");
    }

    function _borrowWithEth() internal returns (uint256 loanId, ILoanCore.Loan memory loan) {
        return _borrowWithEth(_offer(), PRINCIPAL, address(0));
    }

    function _loanFromOffer(ILoanCore.LoanOffer memory offer, uint256 principal, address delegate_)
        internal
        view
        returns (ILoanCore.Loan memory)
    {
        return LoanFixtures.loanFromOffer(offer, principal, FEE_BPS, delegate_);
    }

    function _debtNow(ILoanCore.Loan memory loan) internal view returns (uint256 debt) {
        (, debt) = core.debtAt(loan, block.timestamp);
    }

    /*//////////////////////////////////////////////////////////////
                               ASSERTIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev The gateway's invariant after every call: no ETH, WETH, NFT or allowance left behind.
    function _assertGatewayEmpty() internal view {
        assertEq(address(gateway).balance, 0, "gateway ETH");
        assertEq(weth.balanceOf(address(gateway)), 0, "gateway WETH");
        assertEq(weth.allowance(address(gateway), address(core)), 0, "gateway WETH allowance");
        assertEq(nft.balanceOf(address(gateway)), 0, "gateway ERC-721");
        assertEq(multiToken.balanceOf(address(gateway), TOKEN_ID), 0, "gateway ERC-1155");
        assertFalse(nft.isApprovedForAll(address(gateway), address(core)), "gateway ERC-721 operator");
        assertFalse(multiToken.isApprovedForAll(address(gateway), address(core)), "gateway ERC-1155 operator");
    }

    function _fundWeth(address account, uint256 amount) internal {
        vm.deal(account, amount);
        vm.prank(account);
        weth.deposit{value: amount}();
    }
}
