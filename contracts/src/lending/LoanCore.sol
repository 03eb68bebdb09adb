// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {ILoanLender} from "../interfaces/ILoanLender.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {TransferLib} from "../libraries/TransferLib.sol";
import {LoanCoreBase} from "./LoanCoreBase.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title LoanCore
/// @notice The singleton that escrows collateral, records every loan as one hash, mints the lender and
/// borrower notes (this contract is their ERC-721) and settles payments. Immutable: no proxy, and no
/// admin path moves collateral or funds of a live loan. The hot paths (accept an offer, repay,
/// foreclose, a pool's borrow and liquidation) run here; the rest runs in LoanCoreExtension by
/// DELEGATECALL on this contract's storage.
/// @notice What LoanCore checks of its extension at deployment.
interface ILoanCoreExtension {
    function configurationHash() external view returns (bytes32);
}

contract LoanCore is ILoanCore, LoanCoreBase {
    using LoanMathLib for Loan;

    /// @notice Where the less frequent entry points run; fixed at deployment.
    address public immutable extension;

    /// @param extension_ A LoanCoreExtension built with the same registry and parameters (checked): both
    /// halves must read identical immutables. Deployed separately because together they exceed EIP-3860.
    constructor(
        address owner_,
        address treasury_,
        IDelegateRegistry delegateRegistry_,
        Parameters memory parameters,
        ILoanCoreExtension extension_
    ) LoanCoreBase(owner_, delegateRegistry_, parameters) {
        if (treasury_ == address(0)) revert InvalidParameter("treasury", 0);
        if (address(extension_).code.length == 0 || extension_.configurationHash() != _configurationHash()) {
            revert InvalidParameter("extension", uint256(uint160(address(extension_))));
        }
        _config.treasury = treasury_;
        extension = address(extension_);
        emit TreasurySet(treasury_);
    }

    /*//////////////////////////////////////////////////////////////
                               ORIGINATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function acceptOffer(
        LoanOffer memory offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof,
        address borrower,
        address delegate
    ) external nonReentrant returns (uint256 loanId) {
        Config memory config = _openConfig(offer.currency);
        _useOffer(offer, signature, tokenId, principal, proof);
        if (borrower == address(0)) borrower = msg.sender;
        Loan memory loan = Loan({
            collateral: offer.collateral,
            tokenId: tokenId,
            collateralAmount: offer.collateralAmount,
            currency: offer.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: offer.aprBps,
            feeBps: config.feeBps,
            defaultMode: offer.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: offer.duration,
            gracePeriod: offer.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: delegate
        });
        loanId = _originate(config, loan, offer.lender, borrower);
        _escrow(loan, msg.sender);
        _pay(loan.currency, offer.lender, msg.sender, principal);
        _delegate(loan, loan.delegate, true);
    }

    /// @inheritdoc ILoanCore
    function fillRequest(BorrowRequest calldata, bytes calldata, uint256, uint32, address)
        external
        returns (uint256)
    {
        _forward();
    }

    /// @inheritdoc ILoanCore
    /// @dev Here rather than in the extension: a pool borrow is a hot path, and the DELEGATECALL hop to
    /// the (cold) extension cost ~3.4k gas.
    function borrowFrom(address lender, LoanTerms memory terms, bytes calldata data)
        external
        nonReentrant
        returns (uint256 loanId)
    {
        Config memory config = _openConfig(terms.currency);
        if (terms.principal == 0) revert ZeroAmount();
        _checkApr(terms.aprBps);
        Loan memory loan = Loan({
            collateral: terms.collateral,
            tokenId: terms.tokenId,
            collateralAmount: terms.collateralAmount,
            currency: terms.currency,
            principal: terms.principal,
            carriedInterest: 0,
            aprBps: terms.aprBps,
            feeBps: config.feeBps,
            defaultMode: terms.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: terms.duration,
            gracePeriod: terms.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: terms.delegate
        });
        loanId = _originate(config, loan, lender, msg.sender);
        // An account without code, or a contract without the callback, is a clear rejection.
        if (lender.code.length == 0) revert LenderRejected(lender);
        try ILoanLender(lender).onLoanRequested(msg.sender, loanId, loan, data) returns (bytes4 accepted) {
            if (accepted != ILoanLender.onLoanRequested.selector) revert LenderRejected(lender);
        } catch (bytes memory reason) {
            // The lender's own error says why (e.g. a pool's LTV check); a bare revert becomes ours.
            if (reason.length == 0) revert LenderRejected(lender);
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
        _escrow(loan, msg.sender);
        _pay(loan.currency, lender, msg.sender, loan.principal);
        _delegate(loan, loan.delegate, true);
    }

    /*//////////////////////////////////////////////////////////////
                                REPAYMENT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function repay(uint256 loanId, Loan memory loan) external nonReentrant {
        _checkLoan(loanId, loan);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        _repayInFull(loanId, loan, interest, debt);
    }

    /// @inheritdoc ILoanCore
    function repayPartial(uint256 loanId, Loan memory loan, uint256 amount) external nonReentrant {
        _checkLoan(loanId, loan);
        // Only the borrower (or an operator it approved on its note): a partial payment changes the loan's
        // hash, so a stranger - or the lender, at the deadline - paying dust could make the borrower's
        // pending repay revert (front-running grief, Gondi H-10).
        if (!_isApprovedOrOwner(msg.sender, _borrowerNoteId(loanId))) revert Unauthorized(msg.sender);
        if (amount == 0) revert ZeroAmount();
        // The sale price is based on the debt at sale start: once it runs, only full repayment redeems.
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        if (amount > debt) revert RepaymentTooLarge(amount, debt);
        if (amount == debt) return _repayInFull(loanId, loan, interest, debt);

        uint256 interestPaid = amount < interest ? amount : interest;
        uint256 principalPaid = amount - interestPaid;
        loan.principal = loan.principal - principalPaid; // > 0: amount < debt
        loan.carriedInterest = interest - interestPaid;
        loan.accrualStart = uint40(block.timestamp);
        _loanHash[loanId] = _hashLoan(loan);
        uint256 fee = LoanMathLib.feeOn(interestPaid, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interestPaid, principalPaid, fee);
        emit LoanUpdated(loanId, loan);

        address lender = _ownerOf(_lenderNoteId(loanId));
        _pay(loan.currency, msg.sender, lender, amount - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
        if (loan.defaultMode == DefaultMode.Managed) {
            _notifyLender(lender, loanId, amount - fee, loan.principal, loan.carriedInterest);
        }
    }

    /*//////////////////////////////////////////////////////////////
                 REFINANCE, RENEGOTIATE, OPEN-TERM, SALE (extension)
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function refinance(
        uint256,
        Loan calldata,
        LoanOffer calldata,
        bytes calldata,
        uint256,
        bytes32[] calldata
    ) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function takeOver(uint256, Loan calldata, uint32, uint32, uint32) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function renegotiate(uint256, Loan calldata, Renegotiation calldata, bytes calldata) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function callLoan(uint256, Loan calldata) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function auctionTakeover(uint256, Loan calldata, uint32) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    /// @dev Here rather than in the extension: every pool liquidation calls it, and the DELEGATECALL hop
    /// to the (cold) extension cost ~3.4k gas.
    function liquidate(uint256 loanId, Loan memory loan, address to) external nonReentrant {
        _checkLoan(loanId, loan);
        if (loan.defaultMode != DefaultMode.Managed) revert WrongDefaultMode(loanId, loan.defaultMode);
        if (msg.sender != _ownerOf(_lenderNoteId(loanId))) revert Unauthorized(msg.sender);
        if (to == address(0)) to = msg.sender;
        _close(loanId, to, CLOSED_LIQUIDATED);
        _releaseCollateral(loanId, loan, to);
    }

    /// @inheritdoc ILoanCore
    function startSale(uint256, Loan calldata) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function buy(uint256, Loan calldata, uint256, address) external {
        _forward();
    }

    /// @inheritdoc ILoanCore
    function setDelegate(uint256, Loan calldata, address) external {
        _forward();
    }

    /*//////////////////////////////////////////////////////////////
                                 DEFAULT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function foreclose(uint256 loanId, Loan memory loan, address to) external nonReentrant {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(_lenderNoteId(loanId))) revert Unauthorized(msg.sender);
        if (loan.defaultMode == DefaultMode.Foreclose) {
            _checkDefaulted(loanId, loan);
        } else if (loan.defaultMode == DefaultMode.Managed) {
            revert WrongDefaultMode(loanId, loan.defaultMode);
        } else {
            // Only a sale that ran its course without a buyer hands the NFT to the lender (BendDAO v2 H-07).
            if (loan.saleStart == 0) revert SaleNotStarted(loanId);
            uint256 endsAt = uint256(loan.saleStart) + _saleDuration;
            if (block.timestamp < endsAt) revert SaleNotOver(loanId, endsAt);
        }
        if (to == address(0)) to = msg.sender;
        _close(loanId, to, CLOSED_FORECLOSED);
        _releaseCollateral(loanId, loan, to);
    }

    /*//////////////////////////////////////////////////////////////
                                  CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function claim(address currency, address to) external nonReentrant returns (uint256 amount) {
        amount = _claimable[msg.sender][currency];
        if (amount == 0) revert NothingToClaim(msg.sender, currency);
        _claimable[msg.sender][currency] = 0;
        emit Claimed(msg.sender, currency, to, amount);
        if (!TransferLib.tryTransfer(currency, to, amount)) {
            revert PaymentFailed(currency, address(this), amount);
        }
    }

    /// @inheritdoc ILoanCore
    function claimCollateral(address collateral, uint256 tokenId, uint256 amount, uint256 loanId, address to)
        external
        nonReentrant
    {
        bytes32 claimId = _collateralClaimId(collateral, tokenId, amount, loanId);
        if (_collateralClaims[claimId] != msg.sender) revert NoCollateralClaim(claimId);
        delete _collateralClaims[claimId];
        emit CollateralClaimed(claimId, msg.sender, to);
        if (amount == 0) IERC721(collateral).transferFrom(address(this), to, tokenId);
        else IERC1155(collateral).safeTransferFrom(address(this), to, tokenId, amount, "");
    }

    /*//////////////////////////////////////////////////////////////
                               CANCELLATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function cancelOffer(LoanOffer memory offer) external {
        if (msg.sender != offer.lender) revert Unauthorized(msg.sender);
        bytes32 digest = _hashOffer(offer);
        _used[digest] = SPENT;
        emit OfferCancelled(msg.sender, digest);
    }

    /// @inheritdoc ILoanCore
    function cancelNoncesBelow(uint256 newMinNonce) external {
        uint256 current = _minNonce[msg.sender];
        if (newMinNonce <= current) revert InvalidParameter("minNonce", newMinNonce);
        _minNonce[msg.sender] = newMinNonce;
        emit NoncesCancelled(msg.sender, newMinNonce);
    }

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function setCurrencyAllowed(address currency, bool allowed) external onlyOwner {
        if (currency.code.length == 0) revert InvalidParameter("currency", uint256(uint160(currency)));
        _isCurrencyAllowed[currency] = allowed;
        emit CurrencyAllowed(currency, allowed);
    }

    /// @inheritdoc ILoanCore
    function setProtocolFee(uint16 feeBps) external onlyOwner {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        _config.feeBps = feeBps;
        emit ProtocolFeeSet(feeBps);
    }

    /// @inheritdoc ILoanCore
    function setTreasury(address treasury) external onlyOwner {
        if (treasury == address(0)) revert InvalidParameter("treasury", 0);
        _config.treasury = treasury;
        emit TreasurySet(treasury);
    }

    /// @inheritdoc ILoanCore
    function setGuardian(address guardian_) external onlyOwner {
        _guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @inheritdoc ILoanCore
    function setPaused(bool paused) external {
        if (msg.sender != _guardian && msg.sender != owner()) revert Unauthorized(msg.sender);
        _config.paused = paused;
        emit PausedSet(paused);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function loanHash(uint256 loanId) external view returns (bytes32) {
        return _loanHash[loanId];
    }

    /// @inheritdoc ILoanCore
    function debtAt(Loan memory loan, uint256 timestamp)
        external
        pure
        returns (uint256 interest, uint256 debt)
    {
        return loan.debtAt(timestamp);
    }

    /// @inheritdoc ILoanCore
    function refinancingCeiling(Loan calldata loan, uint256 timestamp) external view returns (uint256) {
        return _refinancingCeiling(loan, timestamp);
    }

    /// @inheritdoc ILoanCore
    function salePrice(Loan calldata loan, uint256 timestamp) external view returns (uint256) {
        return _salePrice(loan, timestamp);
    }

    /// @inheritdoc ILoanCore
    function offerUsed(bytes32 offerHash) external view returns (uint256) {
        return _used[offerHash];
    }

    /// @inheritdoc ILoanCore
    function minNonce(address account) external view returns (uint256) {
        return _minNonce[account];
    }

    /// @inheritdoc ILoanCore
    function claimable(address account, address currency) external view returns (uint256) {
        return _claimable[account][currency];
    }

    /// @inheritdoc ILoanCore
    function isCurrencyAllowed(address currency) external view returns (bool) {
        return _isCurrencyAllowed[currency];
    }

    /// @notice Who may claim the collateral booked under `claimId` (zero when none).
    function collateralClaims(bytes32 claimId) external view returns (address) {
        return _collateralClaims[claimId];
    }

    /// @notice Who may pause originations.
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @notice The delegate.cash-compatible registry escrowed NFTs are delegated through.
    function delegateRegistry() external view returns (IDelegateRegistry) {
        return _delegateRegistry;
    }

    /// @inheritdoc ILoanCore
    function hashOffer(LoanOffer calldata offer) external view returns (bytes32) {
        return _hashOffer(offer);
    }

    /// @inheritdoc ILoanCore
    function hashRequest(BorrowRequest memory request) external view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(BORROW_REQUEST_TYPEHASH, request)));
    }

    /// @inheritdoc ILoanCore
    function hashRenegotiation(Renegotiation memory terms) external view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(RENEGOTIATION_TYPEHASH, terms)));
    }

    /// @inheritdoc ILoanCore
    function lenderNoteId(uint256 loanId) external pure returns (uint256) {
        return _lenderNoteId(loanId);
    }

    /// @inheritdoc ILoanCore
    function borrowerNoteId(uint256 loanId) external pure returns (uint256) {
        return _borrowerNoteId(loanId);
    }

    /// @notice Origination settings: loans made so far, current protocol fee, pause flag, treasury.
    function originationConfig() external view returns (Config memory) {
        return _config;
    }

    /// @notice The deployment's fixed parameters.
    function loanParameters() external view returns (Parameters memory) {
        return _parameters();
    }

    /// @notice Collateral arrives by `transferFrom` (ERC-721) and `safeTransferFrom` (ERC-1155); only
    /// ERC-1155 needs a receiver hook, and it accepts only transfers the core itself started (escrow).
    /// There is no ERC-721 receiver hook: NFTs sent directly bounce instead of getting stuck.
    function onERC1155Received(address operator, address, uint256, uint256, bytes calldata)
        external
        view
        returns (bytes4)
    {
        if (operator != address(this)) revert InvalidRecipient(address(this));
        return this.onERC1155Received.selector;
    }

    /// @dev Runs the extension's implementation of the called function on this contract's storage and
    /// returns or reverts with its result.
    function _forward() internal {
        address target = extension;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
