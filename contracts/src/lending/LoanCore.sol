// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {ILoanLender} from "../interfaces/ILoanLender.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {TransferLib} from "../libraries/TransferLib.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC721} from "solady/tokens/ERC721.sol";
import {EIP712} from "solady/utils/EIP712.sol";
import {LibString} from "solady/utils/LibString.sol";
import {MerkleProofLib} from "solady/utils/MerkleProofLib.sol";

/// @title LoanCore
/// @notice The singleton that escrows collateral, records every loan as one hash, mints the lender and
/// borrower notes (this contract is their ERC-721) and settles payments. Immutable: no proxy, and no
/// admin path moves collateral or funds of a live loan.
contract LoanCore is ILoanCore, ERC721, EIP712, Ownable2Step, ReentrancyGuardTransient {
    using LoanMathLib for Loan;

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint16 public constant MAX_FEE_BPS = 2500;

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
    bytes32 public constant RENEGOTIATION_TYPEHASH = keccak256(
        "Renegotiation(uint256 loanId,bytes32 loanHash,uint32 aprBps,uint32 duration,uint32 gracePeriod,"
        "uint64 expiry,uint256 nonce)"
    );

    /// @dev `_used` value of a cancelled offer or a used request.
    uint256 internal constant SPENT = type(uint256).max;

    uint8 internal constant CLOSED_REPAID = 0;
    uint8 internal constant CLOSED_FORECLOSED = 1;
    uint8 internal constant CLOSED_SOLD = 2;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    IDelegateRegistry public immutable delegateRegistry;
    uint16 internal immutable _minAprImprovementBps;
    uint32 internal immutable _minHoldingPeriod;
    uint32 internal immutable _minCallDelay;
    uint32 internal immutable _refinancingAuctionDuration;
    uint32 internal immutable _maxAprBps;
    uint32 internal immutable _saleDuration;
    uint32 internal immutable _saleStartPremiumBps;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Read on every origination: packed into one slot.
    struct Config {
        uint64 loanCount;
        uint16 feeBps;
        bool paused;
        address treasury;
    }

    Config internal _config;
    address public guardian;

    mapping(uint256 loanId => bytes32) public loanHash;
    /// @dev Offers: principal lent so far; requests: SPENT once filled; cancelled offers: SPENT.
    mapping(bytes32 digest => uint256) internal _used;
    mapping(address account => uint256) public minNonce;
    mapping(address currency => bool) public isCurrencyAllowed;
    mapping(address account => mapping(address currency => uint256)) public claimable;
    /// @dev claimId => who may claim collateral whose delivery failed.
    mapping(bytes32 claimId => address) public collateralClaims;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(
        address owner_,
        address treasury_,
        IDelegateRegistry delegateRegistry_,
        Parameters memory parameters
    ) Ownable(owner_) {
        if (treasury_ == address(0)) revert InvalidParameter("treasury", 0);
        if (parameters.minAprImprovementBps > LoanMathLib.BPS) {
            revert InvalidParameter("minAprImprovementBps", parameters.minAprImprovementBps);
        }
        if (parameters.refinancingAuctionDuration == 0) revert InvalidParameter("refinancingAuctionDuration", 0);
        if (parameters.saleDuration == 0) revert InvalidParameter("saleDuration", 0);
        if (parameters.maxAprBps == 0) revert InvalidParameter("maxAprBps", 0);
        _config.treasury = treasury_;
        delegateRegistry = delegateRegistry_;
        _minAprImprovementBps = parameters.minAprImprovementBps;
        _minHoldingPeriod = parameters.minHoldingPeriod;
        _minCallDelay = parameters.minCallDelay;
        _refinancingAuctionDuration = parameters.refinancingAuctionDuration;
        _maxAprBps = parameters.maxAprBps;
        _saleDuration = parameters.saleDuration;
        _saleStartPremiumBps = parameters.saleStartPremiumBps;
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
        _delegate(loan, true);
    }

    /// @inheritdoc ILoanCore
    function fillRequest(
        BorrowRequest memory request,
        bytes calldata signature,
        uint256 principal,
        uint32 aprBps,
        address lender
    ) external nonReentrant returns (uint256 loanId) {
        Config memory config = _openConfig(request.currency);
        _checkExpiry(request.expiry);
        _checkNonce(request.borrower, request.nonce);
        if (principal == 0) revert ZeroAmount();
        if (principal < request.minPrincipal) revert PrincipalOutOfRange(principal, request.minPrincipal, type(uint256).max);
        if (aprBps > request.maxAprBps) revert AprTooHigh(aprBps, request.maxAprBps);
        _checkApr(aprBps);
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
        _delegate(loan, true);
    }

    /// @inheritdoc ILoanCore
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
        if (ILoanLender(lender).onLoanRequested(msg.sender, loanId, loan, data) != ILoanLender.onLoanRequested.selector)
        {
            revert LenderRejected(lender);
        }
        _escrow(loan, msg.sender);
        _pay(loan.currency, lender, msg.sender, loan.principal);
        _delegate(loan, true);
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
        if (amount == 0) revert ZeroAmount();
        // The sale price is based on the debt at sale start: once it runs, only full repayment redeems.
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        if (amount > debt) revert RepaymentTooLarge(amount, debt);
        if (amount == debt) return _repayInFull(loanId, loan, interest, debt);

        uint256 interestPaid = amount < interest ? amount : interest;
        uint256 principalPaid = amount - interestPaid;
        Loan memory updated = loan;
        updated.principal = loan.principal - principalPaid; // > 0: amount < debt
        updated.carriedInterest = interest - interestPaid;
        updated.accrualStart = uint40(block.timestamp);
        loanHash[loanId] = _hashLoan(updated);
        uint256 fee = LoanMathLib.feeOn(interestPaid, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interestPaid, principalPaid, fee);
        emit LoanUpdated(loanId, updated);

        _pay(loan.currency, msg.sender, _ownerOf(lenderNoteId(loanId)), amount - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
    }

    /*//////////////////////////////////////////////////////////////
                          REFINANCE AND RENEGOTIATE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function refinance(
        uint256 loanId,
        Loan memory loan,
        LoanOffer memory offer,
        bytes calldata signature,
        uint256 principal,
        bytes32[] calldata proof
    ) external nonReentrant {
        _checkLoan(loanId, loan);
        address borrower = _ownerOf(borrowerNoteId(loanId));
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
        address oldLender = _ownerOf(lenderNoteId(loanId));
        Loan memory updated = loan;
        updated.principal = principal;
        updated.carriedInterest = 0;
        updated.aprBps = offer.aprBps;
        updated.feeBps = config.feeBps;
        updated.defaultMode = offer.defaultMode;
        updated.startTime = uint40(block.timestamp);
        updated.accrualStart = uint40(block.timestamp);
        updated.duration = offer.duration;
        updated.gracePeriod = offer.gracePeriod;
        updated.callTime = 0;
        updated.saleStart = 0;
        loanHash[loanId] = _hashLoan(updated);
        if (oldLender != offer.lender) _transfer(oldLender, offer.lender, lenderNoteId(loanId));
        emit LoanRepaid(loanId, borrower, interest, loan.principal, fee);
        emit LoanTransferred(loanId, oldLender, offer.lender, debt - fee, updated);
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
    }

    /// @inheritdoc ILoanCore
    function takeOver(uint256 loanId, Loan memory loan, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        external
        nonReentrant
    {
        _checkLoan(loanId, loan);
        if (_config.paused) revert OriginationsPaused();
        if (loan.duration == 0) revert NotFixedTerm(loanId);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        uint256 holdingEnds = uint256(loan.startTime) + _minHoldingPeriod;
        if (block.timestamp < holdingEnds) revert HoldingPeriodActive(loanId, holdingEnds);
        // Strictly better for the borrower: lower APR by the configured step, due date and grace no
        // earlier, same principal (Gondi H-12: no debt is ever added without the borrower).
        if (
            uint256(aprBps) * LoanMathLib.BPS > uint256(loan.aprBps) * (LoanMathLib.BPS - _minAprImprovementBps)
                || aprBps >= loan.aprBps || duration == 0
                || block.timestamp + duration < uint256(loan.startTime) + loan.duration
                || gracePeriod < loan.gracePeriod
        ) revert TermsNotBetter(loanId);

        Loan memory updated = loan;
        updated.startTime = uint40(block.timestamp);
        updated.duration = duration;
        updated.gracePeriod = gracePeriod;
        _transferLoan(loanId, loan, updated, aprBps);
    }

    /// @inheritdoc ILoanCore
    function renegotiate(uint256 loanId, Loan memory loan, Renegotiation memory terms, bytes calldata signature)
        external
        nonReentrant
    {
        bytes32 stored = _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(borrowerNoteId(loanId))) revert Unauthorized(msg.sender);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        if (terms.loanId != loanId || terms.loanHash != stored) revert LoanHashMismatch(loanId, stored, terms.loanHash);
        address lender = _ownerOf(lenderNoteId(loanId));
        _checkExpiry(terms.expiry);
        _checkNonce(lender, terms.nonce);
        _checkApr(terms.aprBps);
        _checkSignature(lender, _hashTypedData(keccak256(abi.encode(RENEGOTIATION_TYPEHASH, terms))), signature);

        (uint256 interest,) = loan.debtAt(block.timestamp);
        Loan memory updated = loan;
        updated.carriedInterest = interest;
        updated.accrualStart = uint40(block.timestamp);
        updated.aprBps = terms.aprBps;
        updated.duration = terms.duration;
        updated.gracePeriod = terms.gracePeriod;
        updated.callTime = 0;
        // The signature is bound to the previous hash, so it can never apply again.
        loanHash[loanId] = _hashLoan(updated);
        emit LoanUpdated(loanId, updated);
    }

    /*//////////////////////////////////////////////////////////////
                             OPEN-TERM LOANS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function callLoan(uint256 loanId, Loan memory loan) external nonReentrant {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(lenderNoteId(loanId))) revert Unauthorized(msg.sender);
        if (loan.duration != 0) revert NotOpenTerm(loanId);
        if (loan.callTime != 0) revert LoanAlreadyCalled(loanId);
        uint256 callableAt = uint256(loan.startTime) + _minCallDelay;
        if (block.timestamp < callableAt) revert LoanNotCallable(loanId, callableAt);
        Loan memory updated = loan;
        updated.callTime = uint40(block.timestamp);
        loanHash[loanId] = _hashLoan(updated);
        emit LoanUpdated(loanId, updated);
    }

    /// @inheritdoc ILoanCore
    function auctionTakeover(uint256 loanId, Loan memory loan, uint32 aprBps) external nonReentrant {
        _checkLoan(loanId, loan);
        if (loan.callTime == 0) revert LoanNotCalled(loanId);
        uint256 endsAt = uint256(loan.callTime) + _refinancingAuctionDuration;
        if (block.timestamp >= endsAt) revert RefinancingAuctionOver(loanId, endsAt);
        uint256 ceiling = refinancingCeiling(loan, block.timestamp);
        if (aprBps > ceiling) revert AprTooHigh(aprBps, ceiling);

        Loan memory updated = loan;
        updated.startTime = uint40(block.timestamp);
        updated.callTime = 0;
        _transferLoan(loanId, loan, updated, aprBps);
    }

    /*//////////////////////////////////////////////////////////////
                                 DEFAULT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function foreclose(uint256 loanId, Loan memory loan, address to) external nonReentrant {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(lenderNoteId(loanId))) revert Unauthorized(msg.sender);
        if (loan.defaultMode == DefaultMode.Foreclose) {
            _checkDefaulted(loanId, loan);
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

    /// @inheritdoc ILoanCore
    function startSale(uint256 loanId, Loan memory loan) external nonReentrant {
        _checkLoan(loanId, loan);
        if (loan.defaultMode != DefaultMode.Auction) revert WrongDefaultMode(loanId, loan.defaultMode);
        if (loan.saleStart != 0) revert SaleAlreadyStarted(loanId);
        _checkDefaulted(loanId, loan);
        Loan memory updated = loan;
        updated.saleStart = uint40(block.timestamp);
        loanHash[loanId] = _hashLoan(updated);
        emit LoanUpdated(loanId, updated);
    }

    /// @inheritdoc ILoanCore
    function buy(uint256 loanId, Loan memory loan, uint256 maxPrice, address to) external nonReentrant {
        _checkLoan(loanId, loan);
        if (loan.saleStart == 0) revert SaleNotStarted(loanId);
        uint256 endsAt = uint256(loan.saleStart) + _saleDuration;
        if (block.timestamp >= endsAt) revert SaleOver(loanId, endsAt);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        uint256 price = salePrice(loan, block.timestamp);
        if (price > maxPrice) revert PriceAboveLimit(price, maxPrice);
        if (to == address(0)) to = msg.sender;

        address lender = _ownerOf(lenderNoteId(loanId));
        address borrower = _ownerOf(borrowerNoteId(loanId));
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        emit CollateralSold(loanId, msg.sender, price, debt, price - debt);
        emit LoanRepaid(loanId, msg.sender, interest, loan.principal, fee);
        _close(loanId, to, CLOSED_SOLD);
        _pay(loan.currency, msg.sender, lender, debt - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
        _pay(loan.currency, msg.sender, borrower, price - debt);
        _releaseCollateral(loanId, loan, to);
    }

    /*//////////////////////////////////////////////////////////////
                           DELEGATION AND CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function setDelegate(uint256 loanId, Loan memory loan, address delegate) external nonReentrant {
        _checkLoan(loanId, loan);
        if (msg.sender != _ownerOf(borrowerNoteId(loanId))) revert Unauthorized(msg.sender);
        Loan memory updated = loan;
        updated.delegate = delegate;
        loanHash[loanId] = _hashLoan(updated);
        emit LoanUpdated(loanId, updated);
        _delegate(loan, false);
        _delegate(updated, true);
    }

    /// @inheritdoc ILoanCore
    function claim(address currency, address to) external nonReentrant returns (uint256 amount) {
        amount = claimable[msg.sender][currency];
        if (amount == 0) revert NothingToClaim(msg.sender, currency);
        claimable[msg.sender][currency] = 0;
        emit Claimed(msg.sender, currency, to, amount);
        if (!TransferLib.tryTransfer(currency, to, amount)) revert PaymentFailed(currency, address(this), amount);
    }

    /// @inheritdoc ILoanCore
    function claimCollateral(address collateral, uint256 tokenId, uint256 amount, uint256 loanId, address to)
        external
        nonReentrant
    {
        bytes32 claimId = _collateralClaimId(collateral, tokenId, amount, loanId);
        if (collateralClaims[claimId] != msg.sender) revert NoCollateralClaim(claimId);
        delete collateralClaims[claimId];
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
        bytes32 digest = hashOffer(offer);
        _used[digest] = SPENT;
        emit OfferCancelled(msg.sender, digest);
    }

    /// @inheritdoc ILoanCore
    function cancelNoncesBelow(uint256 newMinNonce) external {
        uint256 current = minNonce[msg.sender];
        if (newMinNonce <= current) revert InvalidParameter("minNonce", newMinNonce);
        minNonce[msg.sender] = newMinNonce;
        emit NoncesCancelled(msg.sender, newMinNonce);
    }

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function setCurrencyAllowed(address currency, bool allowed) external onlyOwner {
        if (currency.code.length == 0) revert InvalidParameter("currency", uint256(uint160(currency)));
        isCurrencyAllowed[currency] = allowed;
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
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @inheritdoc ILoanCore
    function setPaused(bool paused) external {
        if (msg.sender != guardian && msg.sender != owner()) revert Unauthorized(msg.sender);
        _config.paused = paused;
        emit PausedSet(paused);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanCore
    function debtAt(Loan memory loan, uint256 timestamp) external pure returns (uint256 interest, uint256 debt) {
        return loan.debtAt(timestamp);
    }

    /// @inheritdoc ILoanCore
    function refinancingCeiling(Loan memory loan, uint256 timestamp) public view returns (uint256 aprBps) {
        return LoanMathLib.refinancingCeiling(
            loan.aprBps, _maxAprBps, timestamp - loan.callTime, _refinancingAuctionDuration
        );
    }

    /// @inheritdoc ILoanCore
    function salePrice(Loan memory loan, uint256 timestamp) public view returns (uint256 price) {
        (, uint256 debtAtStart) = loan.debtAt(loan.saleStart);
        (, uint256 debt) = loan.debtAt(timestamp);
        return debt + LoanMathLib.salePremium(debtAtStart, _saleStartPremiumBps, timestamp - loan.saleStart, _saleDuration);
    }

    /// @inheritdoc ILoanCore
    function offerUsed(bytes32 offerHash) external view returns (uint256) {
        return _used[offerHash];
    }

    /// @inheritdoc ILoanCore
    function hashOffer(LoanOffer memory offer) public view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(LOAN_OFFER_TYPEHASH, offer)));
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
    function lenderNoteId(uint256 loanId) public pure returns (uint256) {
        return loanId << 1;
    }

    /// @inheritdoc ILoanCore
    function borrowerNoteId(uint256 loanId) public pure returns (uint256) {
        return loanId << 1 | 1;
    }

    /// @notice Origination settings: loans made so far, current protocol fee, pause flag, treasury.
    function originationConfig() external view returns (Config memory) {
        return _config;
    }

    /// @notice The deployment's fixed parameters.
    function loanParameters() external view returns (Parameters memory) {
        return Parameters({
            minAprImprovementBps: _minAprImprovementBps,
            minHoldingPeriod: _minHoldingPeriod,
            minCallDelay: _minCallDelay,
            refinancingAuctionDuration: _refinancingAuctionDuration,
            maxAprBps: _maxAprBps,
            saleDuration: _saleDuration,
            saleStartPremiumBps: _saleStartPremiumBps
        });
    }

    /*//////////////////////////////////////////////////////////////
                              NOTES (ERC-721)
    //////////////////////////////////////////////////////////////*/

    function name() public pure override returns (string memory) {
        return "Hypotheca Loan Notes";
    }

    function symbol() public pure override returns (string memory) {
        return "HYPO-NOTE";
    }

    /// @dev Generated, never stored: the note's kind and loan id.
    function tokenURI(uint256 id) public view override returns (string memory) {
        if (!_exists(id)) revert TokenDoesNotExist();
        string memory kind = id & 1 == 0 ? "Lender" : "Borrower";
        string memory loanId = LibString.toString(id >> 1);
        return string.concat(
            'data:application/json;utf8,{"name":"Hypotheca ', kind, " note, loan #", loanId,
            '","description":"Position in Hypotheca loan #', loanId, '."}'
        );
    }

    /// @notice Collateral arrives by `transferFrom` (ERC-721) and `safeTransferFrom` (ERC-1155); only
    /// ERC-1155 needs a receiver hook. There is deliberately no ERC-721 receiver hook: NFTs sent
    /// directly with safeTransferFrom bounce instead of getting stuck.
    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("Hypotheca", "1");
    }

    /// @dev Origination guard: not paused, currency allowed. Returns the config slot, read once.
    function _openConfig(address currency) internal view returns (Config memory config) {
        config = _config;
        if (config.paused) revert OriginationsPaused();
        if (!isCurrencyAllowed[currency]) revert CurrencyNotAllowed(currency);
    }

    /// @dev Records the loan (hash, notes, event). No external call.
    function _originate(Config memory config, Loan memory loan, address lender, address borrower)
        internal
        returns (uint256 loanId)
    {
        unchecked {
            loanId = uint256(config.loanCount) + 1;
        }
        _config.loanCount = uint64(loanId);
        loanHash[loanId] = _hashLoan(loan);
        _mint(lender, lenderNoteId(loanId));
        _mint(borrower, borrowerNoteId(loanId));
        emit LoanStarted(loanId, lender, borrower, loan);
    }

    /// @dev Checks an offer for (`tokenId`, `principal`) and books the principal against its capacity.
    function _useOffer(
        LoanOffer memory offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof
    ) internal {
        _checkExpiry(offer.expiry);
        _checkNonce(offer.lender, offer.nonce);
        _checkApr(offer.aprBps);
        if (principal == 0) revert ZeroAmount();
        if (principal < offer.minPrincipal || principal > offer.maxPrincipal) {
            revert PrincipalOutOfRange(principal, offer.minPrincipal, offer.maxPrincipal);
        }
        if (offer.scope == Scope.Token) {
            if (tokenId != offer.tokenId) revert TokenNotInScope(offer.collateral, tokenId);
        } else if (offer.scope == Scope.TokenSet) {
            bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(tokenId))));
            if (!MerkleProofLib.verifyCalldata(proof, offer.tokenSetRoot, leaf)) {
                revert TokenNotInScope(offer.collateral, tokenId);
            }
        }
        bytes32 digest = hashOffer(offer);
        uint256 used = _used[digest];
        if (used == SPENT) revert OfferNotActive(digest);
        if (used > offer.capacity || principal > offer.capacity - used) {
            revert CapacityExceeded(digest, used, principal, offer.capacity);
        }
        _checkSignature(offer.lender, digest, signature);
        _used[digest] = used + principal;
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
    function _transferLoan(uint256 loanId, Loan memory loan, Loan memory updated, uint32 aprBps) internal {
        _checkApr(aprBps);
        (uint256 interest, uint256 debt) = loan.debtAt(block.timestamp);
        address oldLender = _ownerOf(lenderNoteId(loanId));
        updated.carriedInterest = interest;
        updated.accrualStart = uint40(block.timestamp);
        updated.aprBps = aprBps;
        loanHash[loanId] = _hashLoan(updated);
        if (oldLender != msg.sender) _transfer(oldLender, msg.sender, lenderNoteId(loanId));
        emit LoanTransferred(loanId, oldLender, msg.sender, debt, updated);
        _pay(loan.currency, msg.sender, oldLender, debt);
    }

    /// @dev Closes a repaid loan: state, then the payments in, then the NFT out.
    function _repayInFull(uint256 loanId, Loan memory loan, uint256 interest, uint256 debt) internal {
        address lender = _ownerOf(lenderNoteId(loanId));
        address borrower = _ownerOf(borrowerNoteId(loanId));
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interest, loan.principal, fee);
        _close(loanId, borrower, CLOSED_REPAID);
        _pay(loan.currency, msg.sender, lender, debt - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
        _releaseCollateral(loanId, loan, borrower);
    }

    /// @dev Deletes the loan and burns its notes: nothing can act on it again.
    function _close(uint256 loanId, address collateralTo, uint8 reason) internal {
        delete loanHash[loanId];
        _burn(lenderNoteId(loanId));
        _burn(borrowerNoteId(loanId));
        emit LoanClosed(loanId, collateralTo, reason);
    }

    /// @dev Revokes the delegation (never blocking) and sends the NFT to `to`, or books it for `to`.
    function _releaseCollateral(uint256 loanId, Loan memory loan, address to) internal {
        if (loan.delegate != address(0)) {
            bytes memory revoke = loan.collateralAmount == 0
                ? abi.encodeCall(
                    IDelegateRegistry.delegateERC721, (loan.delegate, loan.collateral, loan.tokenId, "", false)
                )
                : abi.encodeCall(
                    IDelegateRegistry.delegateERC1155, (loan.delegate, loan.collateral, loan.tokenId, "", 0)
                );
            TransferLib.tryCall(address(delegateRegistry), revoke);
        }
        _release(loanId, loan, to);
    }

    /// @dev Pulls the collateral from `from` and checks it arrived (a hostile NFT may not move it).
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

    /// @dev Sends the collateral out; if the NFT contract refuses, books it for `to` to claim later.
    function _release(uint256 loanId, Loan memory loan, address to) internal {
        bytes memory call = loan.collateralAmount == 0
            ? abi.encodeCall(IERC721.transferFrom, (address(this), to, loan.tokenId))
            : abi.encodeCall(IERC1155.safeTransferFrom, (address(this), to, loan.tokenId, loan.collateralAmount, ""));
        if (TransferLib.tryCall(loan.collateral, call)) return;
        bytes32 claimId = _collateralClaimId(loan.collateral, loan.tokenId, loan.collateralAmount, loanId);
        collateralClaims[claimId] = to;
        emit CollateralBooked(claimId, to, loan.collateral, loan.tokenId, loan.collateralAmount);
    }

    /// @dev Moves `amount` from `from` to `to`; if `to` cannot receive it, pulls it here and books it.
    function _pay(address currency, address from, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (TransferLib.tryTransferFrom(currency, from, to, amount)) return;
        if (!TransferLib.tryTransferFrom(currency, from, address(this), amount)) {
            revert PaymentFailed(currency, from, amount);
        }
        claimable[to][currency] += amount;
        emit PaymentBooked(to, currency, amount);
    }

    /// @dev Delegates (or revokes) the escrowed NFT to `loan.delegate`, if any.
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

    function _checkLoan(uint256 loanId, Loan memory loan) internal view returns (bytes32 stored) {
        stored = loanHash[loanId];
        if (stored == 0) revert LoanNotFound(loanId);
        bytes32 supplied = keccak256(abi.encode(loan));
        if (supplied != stored) revert LoanHashMismatch(loanId, stored, supplied);
    }

    function _checkDefaulted(uint256 loanId, Loan memory loan) internal view {
        uint256 defaultsAt;
        if (loan.duration != 0) {
            defaultsAt = uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1;
        } else {
            if (loan.callTime == 0) revert LoanNotCalled(loanId);
            defaultsAt = uint256(loan.callTime) + _refinancingAuctionDuration;
        }
        if (block.timestamp < defaultsAt) revert NotDefaulted(loanId, defaultsAt);
    }

    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        // ECDSA for accounts (high-s rejected) and ERC-1271 for contract wallets.
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert InvalidSignature(signer, digest);
        }
    }

    function _checkExpiry(uint64 expiry) internal view {
        if (block.timestamp > expiry) revert OfferExpired(expiry, block.timestamp);
    }

    function _checkNonce(address account, uint256 nonce) internal view {
        uint256 min = minNonce[account];
        if (nonce < min) revert NonceCancelled(account, nonce, min);
    }

    function _checkApr(uint256 aprBps) internal view {
        if (aprBps > _maxAprBps) revert AprTooHigh(aprBps, _maxAprBps);
    }

    function _hashLoan(Loan memory loan) internal pure returns (bytes32) {
        return keccak256(abi.encode(loan));
    }

    function _collateralClaimId(address collateral, uint256 tokenId, uint256 amount, uint256 loanId)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(collateral, tokenId, amount, loanId));
    }
}
