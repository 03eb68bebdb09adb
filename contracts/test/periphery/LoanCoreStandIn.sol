// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../../src/interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {LoanMathLib} from "../../src/libraries/LoanMathLib.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ERC721} from "solady/tokens/ERC721.sol";
import {EIP712} from "solady/utils/EIP712.sol";

/// @notice TEST ONLY. A stand-in for LoanCore while the real one is over the EIP-170 size limit: the
/// ILoanCore functions the WETH gateway uses, with the real core's token movements, checks and hashes.
///
/// Same as LoanCore: EIP-712 offer/request hashes (domain "Hypotheca" "1"), loan ids and note ids, loan
/// hash `keccak256(abi.encode(loan))`, notes minted without receiver callback, collateral pulled from the
/// caller (`acceptOffer`) or the request's borrower (`fillRequest`) by ERC-721 `transferFrom` / ERC-1155
/// `safeTransferFrom` and checked on arrival, principal pulled from the lender and paid to the caller /
/// borrower, delegation through the registry, repayment pulled from the caller (lender gets debt minus the
/// fee on interest, the treasury the fee), NFT back to the borrower-note holder, non-reentrant.
/// Simplified: no owner (admin setters are open), payments to a recipient that cannot receive revert
/// instead of being booked, no offer capacity/nonce bookkeeping beyond a used-request flag, and every
/// other ILoanCore function reverts `NotInStandIn`.
contract LoanCoreStandIn is ILoanCore, ERC721, EIP712, ReentrancyGuardTransient {
    using LoanMathLib for Loan;

    error NotInStandIn(bytes4 selector);

    bytes32 public constant LOAN_OFFER_TYPEHASH = keccak256(
        "LoanOffer(address lender,address collateral,uint8 scope,uint256 tokenId,bytes32 tokenSetRoot,"
        "uint256 collateralAmount,address currency,uint256 minPrincipal,uint256 maxPrincipal,uint256 capacity,"
        "uint32 aprBps,uint32 duration,uint32 gracePeriod,uint8 defaultMode,uint64 expiry,uint256 nonce)"
    );
    bytes32 public constant BORROW_REQUEST_TYPEHASH = keccak256(
        "BorrowRequest(address borrower,address collateral,uint256 tokenId,uint256 collateralAmount,"
        "address currency,uint256 minPrincipal,uint32 maxAprBps,uint32 duration,uint32 gracePeriod,"
        "uint8 defaultMode,address delegate,uint64 expiry,uint256 nonce)"
    );

    IDelegateRegistry public immutable delegateRegistry; // solhint-disable-line immutable-vars-naming
    address public treasury;
    uint16 public feeBps;
    uint64 public loanCount;

    mapping(uint256 loanId => bytes32) public loanHash;
    mapping(address currency => bool) public isCurrencyAllowed;
    mapping(bytes32 digest => uint256) public offerUsed;
    mapping(address account => uint256) public minNonce;
    mapping(address account => mapping(address currency => uint256)) public claimable;

    constructor(address treasury_, IDelegateRegistry delegateRegistry_) {
        treasury = treasury_;
        delegateRegistry = delegateRegistry_;
    }

    /*//////////////////////////////////////////////////////////////
                        WHAT THE GATEWAY USES
    //////////////////////////////////////////////////////////////*/

    function acceptOffer(
        LoanOffer calldata offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata,
        address borrower,
        address delegate
    ) external nonReentrant returns (uint256 loanId) {
        if (!isCurrencyAllowed[offer.currency]) revert CurrencyNotAllowed(offer.currency);
        if (block.timestamp > offer.expiry) revert OfferExpired(offer.expiry, block.timestamp);
        if (principal == 0) revert ZeroAmount();
        if (principal < offer.minPrincipal || principal > offer.maxPrincipal) {
            revert PrincipalOutOfRange(principal, offer.minPrincipal, offer.maxPrincipal);
        }
        if (offer.scope == Scope.Token && tokenId != offer.tokenId) {
            revert TokenNotInScope(offer.collateral, tokenId);
        }
        bytes32 digest = hashOffer(offer);
        _checkSignature(offer.lender, digest, signature);
        offerUsed[digest] += principal;
        if (borrower == address(0)) borrower = msg.sender;
        Loan memory loan = Loan({
            collateral: offer.collateral,
            tokenId: tokenId,
            collateralAmount: offer.collateralAmount,
            currency: offer.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: offer.aprBps,
            feeBps: feeBps,
            defaultMode: offer.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: offer.duration,
            gracePeriod: offer.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: delegate
        });
        loanId = _originate(loan, offer.lender, borrower);
        _escrow(loan, msg.sender);
        _pay(loan.currency, offer.lender, msg.sender, principal);
        _delegate(loan, true);
    }

    function fillRequest(
        BorrowRequest calldata request,
        bytes calldata signature,
        uint256 principal,
        uint32 aprBps,
        address lender
    ) external nonReentrant returns (uint256 loanId) {
        if (!isCurrencyAllowed[request.currency]) {
            revert CurrencyNotAllowed(request.currency);
        }
        if (block.timestamp > request.expiry) revert OfferExpired(request.expiry, block.timestamp);
        if (principal == 0) revert ZeroAmount();
        if (principal < request.minPrincipal) {
            revert PrincipalOutOfRange(principal, request.minPrincipal, type(uint256).max);
        }
        if (aprBps > request.maxAprBps) revert AprTooHigh(aprBps, request.maxAprBps);
        bytes32 digest = hashRequest(request);
        if (offerUsed[digest] != 0) revert RequestAlreadyUsed(digest);
        _checkSignature(request.borrower, digest, signature);
        offerUsed[digest] = type(uint256).max;
        if (lender == address(0)) lender = msg.sender;
        Loan memory loan = Loan({
            collateral: request.collateral,
            tokenId: request.tokenId,
            collateralAmount: request.collateralAmount,
            currency: request.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: aprBps,
            feeBps: feeBps,
            defaultMode: request.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: request.duration,
            gracePeriod: request.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: request.delegate
        });
        loanId = _originate(loan, lender, request.borrower);
        _escrow(loan, request.borrower);
        _pay(loan.currency, msg.sender, request.borrower, principal);
        _delegate(loan, true);
    }

    function repay(uint256 loanId, Loan calldata loan) external nonReentrant {
        _checkLoan(loanId, loan);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        _repayInFull(loanId, loan, interest, debt);
    }

    function repayPartial(uint256 loanId, Loan calldata loan, uint256 amount) external nonReentrant {
        _checkLoan(loanId, loan);
        if (amount == 0) revert ZeroAmount();
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        if (amount > debt) revert RepaymentTooLarge(amount, debt);
        if (amount == debt) return _repayInFull(loanId, loan, interest, debt);

        uint256 interestPaid = amount < interest ? amount : interest;
        uint256 principalPaid = amount - interestPaid;
        Loan memory updated = loan;
        updated.principal = loan.principal - principalPaid;
        updated.carriedInterest = interest - interestPaid;
        updated.accrualStart = uint40(block.timestamp);
        loanHash[loanId] = keccak256(abi.encode(updated));
        uint256 fee = LoanMathLib.feeOn(interestPaid, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interestPaid, principalPaid, fee);
        emit LoanUpdated(loanId, updated);
        _pay(loan.currency, msg.sender, _ownerOf(lenderNoteId(loanId)), amount - fee);
        _pay(loan.currency, msg.sender, treasury, fee);
    }

    function setCurrencyAllowed(address currency, bool allowed) external {
        isCurrencyAllowed[currency] = allowed;
        emit CurrencyAllowed(currency, allowed);
    }

    function setProtocolFee(uint16 feeBps_) external {
        feeBps = feeBps_;
        emit ProtocolFeeSet(feeBps_);
    }

    function setTreasury(address treasury_) external {
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function debtAt(Loan calldata loan, uint256 timestamp)
        external
        pure
        returns (uint256 interest, uint256 debt)
    {
        return loan.debtAt(timestamp);
    }

    function hashOffer(LoanOffer memory offer) public view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(LOAN_OFFER_TYPEHASH, offer)));
    }

    function hashRequest(BorrowRequest memory request) public view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(BORROW_REQUEST_TYPEHASH, request)));
    }

    function lenderNoteId(uint256 loanId) public pure returns (uint256) {
        return loanId << 1;
    }

    function borrowerNoteId(uint256 loanId) public pure returns (uint256) {
        return loanId << 1 | 1;
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return this.onERC1155Received.selector;
    }

    function name() public pure override returns (string memory) {
        return "Hypotheca Loan Notes";
    }

    function symbol() public pure override returns (string memory) {
        return "HYPO-NOTE";
    }

    function tokenURI(uint256) public pure override returns (string memory) {
        return "";
    }

    /*//////////////////////////////////////////////////////////////
                          NOT IN THE STAND-IN
    //////////////////////////////////////////////////////////////*/

    function borrowFrom(address, LoanTerms calldata, bytes calldata) external pure returns (uint256) {
        revert NotInStandIn(this.borrowFrom.selector);
    }

    function refinance(
        uint256,
        Loan calldata,
        LoanOffer calldata,
        bytes calldata,
        uint256,
        bytes32[] calldata
    ) external pure {
        revert NotInStandIn(this.refinance.selector);
    }

    function takeOver(uint256, Loan calldata, uint32, uint32, uint32) external pure {
        revert NotInStandIn(this.takeOver.selector);
    }

    function renegotiate(uint256, Loan calldata, Renegotiation calldata, bytes calldata) external pure {
        revert NotInStandIn(this.renegotiate.selector);
    }

    function callLoan(uint256, Loan calldata) external pure {
        revert NotInStandIn(this.callLoan.selector);
    }

    function auctionTakeover(uint256, Loan calldata, uint32) external pure {
        revert NotInStandIn(this.auctionTakeover.selector);
    }

    function foreclose(uint256, Loan calldata, address) external pure {
        revert NotInStandIn(this.foreclose.selector);
    }

    function startSale(uint256, Loan calldata) external pure {
        revert NotInStandIn(this.startSale.selector);
    }

    function buy(uint256, Loan calldata, uint256, address) external pure {
        revert NotInStandIn(this.buy.selector);
    }

    function setDelegate(uint256, Loan calldata, address) external pure {
        revert NotInStandIn(this.setDelegate.selector);
    }

    function claim(address, address) external pure returns (uint256) {
        revert NotInStandIn(this.claim.selector);
    }

    function claimCollateral(address, uint256, uint256, uint256, address) external pure {
        revert NotInStandIn(this.claimCollateral.selector);
    }

    function cancelOffer(LoanOffer calldata) external pure {
        revert NotInStandIn(this.cancelOffer.selector);
    }

    function cancelNoncesBelow(uint256) external pure {
        revert NotInStandIn(this.cancelNoncesBelow.selector);
    }

    function setGuardian(address) external pure {
        revert NotInStandIn(this.setGuardian.selector);
    }

    function setPaused(bool) external pure {
        revert NotInStandIn(this.setPaused.selector);
    }

    function refinancingCeiling(Loan calldata, uint256) external pure returns (uint256) {
        revert NotInStandIn(this.refinancingCeiling.selector);
    }

    function salePrice(Loan calldata, uint256) external pure returns (uint256) {
        revert NotInStandIn(this.salePrice.selector);
    }

    function hashRenegotiation(Renegotiation calldata) external pure returns (bytes32) {
        revert NotInStandIn(this.hashRenegotiation.selector);
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("Hypotheca", "1");
    }

    function _originate(Loan memory loan, address lender, address borrower)
        internal
        returns (uint256 loanId)
    {
        loanId = ++loanCount;
        loanHash[loanId] = keccak256(abi.encode(loan));
        _mint(lender, lenderNoteId(loanId));
        _mint(borrower, borrowerNoteId(loanId));
        emit LoanStarted(loanId, lender, borrower, loan);
    }

    function _repayInFull(uint256 loanId, Loan memory loan, uint256 interest, uint256 debt) internal {
        address lender = _ownerOf(lenderNoteId(loanId));
        address borrower = _ownerOf(borrowerNoteId(loanId));
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interest, loan.principal, fee);
        delete loanHash[loanId];
        _burn(lenderNoteId(loanId));
        _burn(borrowerNoteId(loanId));
        emit LoanClosed(loanId, borrower, 0);
        _pay(loan.currency, msg.sender, lender, debt - fee);
        _pay(loan.currency, msg.sender, treasury, fee);
        _delegate(loan, false);
        if (loan.collateralAmount == 0) {
            IERC721(loan.collateral).transferFrom(address(this), borrower, loan.tokenId);
        } else {
            IERC1155(loan.collateral)
                .safeTransferFrom(address(this), borrower, loan.tokenId, loan.collateralAmount, "");
        }
    }

    function _escrow(Loan memory loan, address from) internal {
        if (loan.collateralAmount == 0) {
            IERC721(loan.collateral).transferFrom(from, address(this), loan.tokenId);
            if (IERC721(loan.collateral).ownerOf(loan.tokenId) != address(this)) {
                revert CollateralNotReceived(loan.collateral, loan.tokenId);
            }
        } else {
            IERC1155 token = IERC1155(loan.collateral);
            uint256 before = token.balanceOf(address(this), loan.tokenId);
            token.safeTransferFrom(from, address(this), loan.tokenId, loan.collateralAmount, "");
            if (token.balanceOf(address(this), loan.tokenId) != before + loan.collateralAmount) {
                revert CollateralNotReceived(loan.collateral, loan.tokenId);
            }
        }
    }

    function _pay(address currency, address from, address to, uint256 amount) internal {
        if (amount == 0) return;
        // The real core books undeliverable payments; a revert is enough for the gateway's tests.
        try IERC20(currency).transferFrom(from, to, amount) returns (bool ok) {
            if (!ok) revert PaymentFailed(currency, from, amount);
        } catch {
            revert PaymentFailed(currency, from, amount);
        }
    }

    function _delegate(Loan memory loan, bool enable) internal {
        if (loan.delegate == address(0)) return;
        if (loan.collateralAmount == 0) {
            delegateRegistry.delegateERC721(loan.delegate, loan.collateral, loan.tokenId, "", enable);
        } else {
            delegateRegistry.delegateERC1155(
                loan.delegate, loan.collateral, loan.tokenId, "", enable ? loan.collateralAmount : 0
            );
        }
    }

    function _checkLoan(uint256 loanId, Loan memory loan) internal view {
        bytes32 stored = loanHash[loanId];
        if (stored == 0) revert LoanNotFound(loanId);
        bytes32 supplied = keccak256(abi.encode(loan));
        if (supplied != stored) revert LoanHashMismatch(loanId, stored, supplied);
    }

    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert InvalidSignature(signer, digest);
        }
    }
}
