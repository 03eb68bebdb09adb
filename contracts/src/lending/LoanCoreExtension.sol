// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../interfaces/IDelegateRegistry.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {LoanCoreBase} from "./LoanCoreBase.sol";

/// @title LoanCoreExtension
/// @notice The loan core's less frequent entry points (borrow requests, refinancing,
/// takeovers, renegotiation, open-term calls, default sales, delegation). LoanCore forwards them here by
/// DELEGATECALL: they run on LoanCore's storage. Documented in ILoanCore.
/// @dev Called directly, every function reverts (`onlyDelegated`).
contract LoanCoreExtension is LoanCoreBase {
    using LoanMathLib for Loan;

    /// @notice Entry points run only inside LoanCore (by DELEGATECALL).
    error NotDelegated();

    address private immutable _self = address(this);

    constructor(IDelegateRegistry delegateRegistry_, Parameters memory parameters)
        LoanCoreBase(msg.sender, delegateRegistry_, parameters)
    {}

    /// @notice Hash of the registry and parameters this extension was built with; LoanCore checks it
    /// equals its own.
    function configurationHash() external view returns (bytes32) {
        return _configurationHash();
    }

    modifier onlyDelegated() {
        if (address(this) == _self) revert NotDelegated();
        _;
    }

    /// @dev See ILoanCore.
    function fillRequest(
        BorrowRequest memory request,
        bytes calldata signature,
        uint256 principal,
        uint32 aprBps,
        address lender
    ) external onlyDelegated nonReentrant returns (uint256 loanId) {
        Config memory config = _openConfig(request.currency);
        _checkExpiry(request.expiry);
        _checkNonce(request.borrower, request.nonce);
        if (principal == 0) revert ZeroAmount();
        if (principal < request.minPrincipal) {
            revert PrincipalOutOfRange(principal, request.minPrincipal, type(uint256).max);
        }
        if (aprBps > request.maxAprBps) revert AprTooHigh(aprBps, request.maxAprBps);
        _checkApr(aprBps);
        _checkNotManaged(request.defaultMode);
        bytes32 digest = _hashTypedData(keccak256(abi.encode(BORROW_REQUEST_TYPEHASH, request)));
        if (_used[digest] != 0) revert RequestAlreadyUsed(digest);
        _checkSignature(request.borrower, digest, signature);
        _used[digest] = SPENT;

        if (lender == address(0)) lender = msg.sender;
        Loan memory loan = Loan({
            collateral: request.collateral,
            tokenId: request.tokenId,
            collateralAmount: request.collateralAmount,
            currency: request.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: aprBps,
            feeBps: config.feeBps,
            defaultMode: request.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: request.duration,
            gracePeriod: request.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: request.delegate
        });
        loanId = _originate(config, loan, lender, request.borrower);
        _escrow(loan, request.borrower);
        _pay(loan.currency, msg.sender, request.borrower, principal);
        _delegate(loan, loan.delegate, true);
    }

    /// @dev See ILoanCore.
    function refinance(
        uint256 loanId,
        Loan memory loan,
        LoanOffer memory offer,
        bytes calldata signature,
        uint256 principal,
        bytes32[] calldata proof
    ) external onlyDelegated nonReentrant {
        _checkLoan(loanId, loan);
        address borrower = _ownerOf(_borrowerNoteId(loanId));
        if (msg.sender != borrower) revert Unauthorized(msg.sender);
        Config memory config = _openConfig(offer.currency);
        // Bind the offer to this loan's collateral and currency (Gondi H-04).
        if (offer.collateral != loan.collateral || offer.collateralAmount != loan.collateralAmount) {
            revert CollateralMismatch(loan.collateral, loan.tokenId, offer.collateral, offer.tokenId);
        }
        if (offer.currency != loan.currency) revert CurrencyMismatch(loan.currency, offer.currency);
        _useOffer(offer, signature, loan.tokenId, principal, proof);
        _refinance(loanId, loan, offer, principal, borrower, config);
    }

    /// @dev See ILoanCore.
    function takeOver(uint256 loanId, Loan memory loan, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        external
        onlyDelegated
        nonReentrant
    {
        _checkLoan(loanId, loan);
        if (_config.paused) revert OriginationsPaused();
        _checkNotManagedLoan(loanId, loan);
        if (loan.duration == 0) revert NotFixedTerm(loanId);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        uint256 holdingEnds = uint256(loan.startTime) + _minHoldingPeriod;
        if (block.timestamp < holdingEnds) revert HoldingPeriodActive(loanId, holdingEnds);
        // Strictly better for the borrower: lower APR by the configured step, due date and grace no
        // earlier, same principal (Gondi H-12: no debt is ever added without the borrower).
        if (
            uint256(aprBps) * LoanMathLib.BPS
                    > uint256(loan.aprBps) * (LoanMathLib.BPS - _minAprImprovementBps)
                || aprBps >= loan.aprBps || duration == 0
                || block.timestamp + duration < uint256(loan.startTime) + loan.duration
                || gracePeriod < loan.gracePeriod
        ) revert TermsNotBetter(loanId);

        loan.startTime = uint40(block.timestamp);
        loan.duration = duration;
        loan.gracePeriod = gracePeriod;
        _transferLoan(loanId, loan, aprBps);
    }

    /// @dev See ILoanCore.
    function renegotiate(
        uint256 loanId,
        Loan memory loan,
        Renegotiation memory terms,
        bytes calldata signature
    ) external onlyDelegated nonReentrant {
        bytes32 stored = _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(_borrowerNoteId(loanId))) revert Unauthorized(msg.sender);
        _checkNotManagedLoan(loanId, loan);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        if (terms.loanId != loanId || terms.loanHash != stored) {
            revert LoanHashMismatch(loanId, stored, terms.loanHash);
        }
        address lender = _ownerOf(_lenderNoteId(loanId));
        _checkExpiry(terms.expiry);
        _checkNonce(lender, terms.nonce);
        _checkApr(terms.aprBps);
        _checkSignature(
            lender, _hashTypedData(keccak256(abi.encode(RENEGOTIATION_TYPEHASH, terms))), signature
        );

        (uint256 interest,) = loan.debtAt(block.timestamp);
        loan.carriedInterest = interest;
        loan.accrualStart = uint40(block.timestamp);
        loan.aprBps = terms.aprBps;
        loan.duration = terms.duration;
        loan.gracePeriod = terms.gracePeriod;
        loan.callTime = 0;
        // The signature is bound to the previous hash, so it can never apply again.
        _loanHash[loanId] = _hashLoan(loan);
        emit LoanUpdated(loanId, loan);
    }

    /// @dev See ILoanCore.
    function callLoan(uint256 loanId, Loan memory loan) external onlyDelegated nonReentrant {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(_lenderNoteId(loanId))) revert Unauthorized(msg.sender);
        _checkNotManagedLoan(loanId, loan);
        if (loan.duration != 0) revert NotOpenTerm(loanId);
        if (loan.callTime != 0) revert LoanAlreadyCalled(loanId);
        uint256 callableAt = uint256(loan.startTime) + _minCallDelay;
        if (block.timestamp < callableAt) revert LoanNotCallable(loanId, callableAt);
        loan.callTime = uint40(block.timestamp);
        _loanHash[loanId] = _hashLoan(loan);
        emit LoanUpdated(loanId, loan);
    }

    /// @dev See ILoanCore.
    function auctionTakeover(uint256 loanId, Loan memory loan, uint32 aprBps)
        external
        onlyDelegated
        nonReentrant
    {
        _checkLoan(loanId, loan);
        if (loan.callTime == 0) revert LoanNotCalled(loanId);
        uint256 endsAt = uint256(loan.callTime) + _refinancingAuctionDuration;
        if (block.timestamp >= endsAt) revert RefinancingAuctionOver(loanId, endsAt);
        uint256 ceiling = _refinancingCeiling(loan, block.timestamp);
        if (aprBps > ceiling) revert AprTooHigh(aprBps, ceiling);

        loan.startTime = uint40(block.timestamp);
        loan.callTime = 0;
        _transferLoan(loanId, loan, aprBps);
    }

    /// @dev See ILoanCore.
    function startSale(uint256 loanId, Loan memory loan) external onlyDelegated nonReentrant {
        _checkLoan(loanId, loan);
        if (loan.defaultMode != DefaultMode.Auction) revert WrongDefaultMode(loanId, loan.defaultMode);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        _checkDefaulted(loanId, loan);
        loan.saleStart = uint40(block.timestamp);
        _loanHash[loanId] = _hashLoan(loan);
        emit LoanUpdated(loanId, loan);
    }

    /// @dev See ILoanCore.
    function buy(uint256 loanId, Loan memory loan, uint256 maxPrice, address to)
        external
        onlyDelegated
        nonReentrant
    {
        _checkLoan(loanId, loan);
        if (loan.saleStart == 0) revert SaleNotStarted(loanId);
        uint256 endsAt = uint256(loan.saleStart) + _saleDuration;
        if (block.timestamp >= endsAt) revert SaleOver(loanId, endsAt);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        uint256 price = _salePrice(loan, block.timestamp);
        if (price > maxPrice) revert PriceAboveLimit(price, maxPrice);
        if (to == address(0)) to = msg.sender;

        address lender = _ownerOf(_lenderNoteId(loanId));
        address borrower = _ownerOf(_borrowerNoteId(loanId));
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        emit CollateralSold(loanId, msg.sender, price, debt, price - debt);
        emit LoanRepaid(loanId, msg.sender, interest, loan.principal, fee);
        _close(loanId, to, CLOSED_SOLD);
        _pay(loan.currency, msg.sender, lender, debt - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
        _pay(loan.currency, msg.sender, borrower, price - debt);
        _releaseCollateral(loanId, loan, to);
    }

    /// @dev See ILoanCore.
    function setDelegate(uint256 loanId, Loan memory loan, address delegate)
        external
        onlyDelegated
        nonReentrant
    {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(_borrowerNoteId(loanId))) revert Unauthorized(msg.sender);
        address previous = loan.delegate;
        loan.delegate = delegate;
        _loanHash[loanId] = _hashLoan(loan);
        emit LoanUpdated(loanId, loan);
        _delegate(loan, previous, false);
        _delegate(loan, delegate, true);
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _refinance(
        uint256 loanId,
        Loan memory loan,
        LoanOffer memory offer,
        uint256 principal,
        address borrower,
        Config memory config
    ) internal {
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        address oldLender = _ownerOf(_lenderNoteId(loanId));
        bool wasManaged = loan.defaultMode == DefaultMode.Managed;
        // Before the principal being repaid is overwritten below.
        emit LoanRepaid(loanId, borrower, interest, loan.principal, fee);
        loan.principal = principal;
        loan.carriedInterest = 0;
        loan.aprBps = offer.aprBps;
        loan.feeBps = config.feeBps;
        loan.defaultMode = offer.defaultMode;
        loan.startTime = uint40(block.timestamp);
        loan.accrualStart = uint40(block.timestamp);
        loan.duration = offer.duration;
        loan.gracePeriod = offer.gracePeriod;
        loan.callTime = 0;
        loan.saleStart = 0;
        _loanHash[loanId] = _hashLoan(loan);
        if (oldLender != offer.lender) _transfer(oldLender, offer.lender, _lenderNoteId(loanId));
        emit LoanTransferred(loanId, oldLender, offer.lender, debt - fee, loan);
        _settleRefinance(
            Settlement({
                currency: loan.currency,
                newLender: offer.lender,
                oldLender: oldLender,
                borrower: borrower,
                treasury: config.treasury,
                principal: principal,
                debt: debt,
                fee: fee
            })
        );
        if (wasManaged) _notifyLender(oldLender, loanId, debt - fee, 0, 0);
    }

    /// @dev Managed loans follow their lender contract's rules: no one else may change who holds them or
    /// on which terms.
    function _checkNotManagedLoan(uint256 loanId, Loan memory loan) internal pure {
        if (loan.defaultMode == DefaultMode.Managed) revert WrongDefaultMode(loanId, loan.defaultMode);
    }

    struct Settlement {
        address currency;
        address newLender;
        address oldLender;
        address borrower;
        address treasury;
        uint256 principal;
        uint256 debt;
        uint256 fee;
    }

    /// @dev Refinance payments: the new lender provides `principal`, the borrower any shortfall; the old
    /// lender gets the debt minus the fee, the treasury the fee, the borrower any excess principal.
    function _settleRefinance(Settlement memory s) internal {
        uint256 fromBorrower = s.debt > s.principal ? s.debt - s.principal : 0;
        uint256 toBorrower = s.principal > s.debt ? s.principal - s.debt : 0;
        uint256 feeFromLender = s.fee < s.principal ? s.fee : s.principal;
        _pay(s.currency, s.newLender, s.treasury, feeFromLender);
        _pay(s.currency, s.newLender, s.oldLender, s.principal - feeFromLender - toBorrower);
        _pay(s.currency, s.newLender, s.borrower, toBorrower);
        _pay(s.currency, s.borrower, s.treasury, s.fee - feeFromLender);
        _pay(s.currency, s.borrower, s.oldLender, fromBorrower - (s.fee - feeFromLender));
    }

    /// @dev New lender `msg.sender` pays the old lender the debt (no fee: interest is carried, and the fee
    /// is taken when the borrower pays it) and receives the lender note.
    function _transferLoan(uint256 loanId, Loan memory loan, uint32 aprBps) internal {
        _checkApr(aprBps);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        address oldLender = _ownerOf(_lenderNoteId(loanId));
        loan.carriedInterest = interest;
        loan.accrualStart = uint40(block.timestamp);
        loan.aprBps = aprBps;
        _loanHash[loanId] = _hashLoan(loan);
        if (oldLender != msg.sender) _transfer(oldLender, msg.sender, _lenderNoteId(loanId));
        emit LoanTransferred(loanId, oldLender, msg.sender, debt, loan);
        _pay(loan.currency, msg.sender, oldLender, debt);
    }
}
