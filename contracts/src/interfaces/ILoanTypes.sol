// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title ILoanTypes
/// @notice The loan core's types, errors and events, shared by the core, its extension and integrators.
interface ILoanTypes {
    /*//////////////////////////////////////////////////////////////
                                  TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What happens when a loan defaults.
    enum DefaultMode {
        /// The lender-note holder takes the NFT.
        Foreclose,
        /// The NFT is sold by Dutch auction: the buyer pays the debt plus a decaying premium; the lender
        /// gets the debt, the borrower the premium. Unsold at the end: the lender may foreclose.
        Auction,
        /// Only for loans from a contract lender (`borrowFrom`, e.g. a pool), which manages the risk under
        /// its own published rules: the lender-note holder is notified of every payment
        /// (`ILoanLender.onLoanRepaid`) and may `liquidate` - take the NFT to sell it - whenever its rules
        /// allow (a pool: health factor below 1 or past its maximum duration). Takeovers, renegotiation,
        /// calls and the core's default sale do not apply; the borrower may repay or refinance any time.
        Managed
    }

    /// @notice Which tokens of `collateral` a lender offer accepts.
    enum Scope {
        /// Exactly `tokenId`.
        Token,
        /// Any token of the collection.
        Collection,
        /// Any token id in the Merkle tree whose root is `tokenSetRoot` (trait offers). Leaves are
        /// `keccak256(bytes.concat(keccak256(abi.encode(tokenId))))`.
        TokenSet
    }

    /// @notice A live loan. Lender and borrower are the current holders of its two notes.
    struct Loan {
        /// ERC-721 or ERC-1155 contract.
        address collateral;
        uint256 tokenId;
        /// 0 for ERC-721; the escrowed amount for ERC-1155.
        uint256 collateralAmount;
        /// ERC-20 of principal and repayments.
        address currency;
        /// Outstanding principal; interest accrues on it from `accrualStart`.
        uint256 principal;
        /// Interest accrued before `accrualStart` and not yet paid (carried over a takeover); bears no interest.
        uint256 carriedInterest;
        /// Simple annual rate in basis points.
        uint32 aprBps;
        /// Protocol share of interest in basis points, fixed at origination.
        uint16 feeBps;
        DefaultMode defaultMode;
        /// When this lender's term started: the due date is `startTime + duration`.
        uint40 startTime;
        uint40 accrualStart;
        /// Seconds; 0 = open-term (no due date; the lender may call the loan).
        uint32 duration;
        /// Seconds after the due date before default (fixed-term only).
        uint32 gracePeriod;
        /// Open-term: when the lender called the loan (0 = not called).
        uint40 callTime;
        /// When the default Dutch auction started (0 = not started).
        uint40 saleStart;
        /// delegate.cash delegate of the escrowed NFT (0 = none).
        address delegate;
    }

    /// @notice A lender's EIP-712 signed offer. Funds stay with the lender until a borrower takes it.
    struct LoanOffer {
        address lender;
        address collateral;
        Scope scope;
        /// Scope.Token: the token; otherwise ignored.
        uint256 tokenId;
        /// Scope.TokenSet: Merkle root of accepted token ids.
        bytes32 tokenSetRoot;
        /// 0 for ERC-721; the ERC-1155 amount required per loan.
        uint256 collateralAmount;
        address currency;
        /// The borrower picks a principal in [minPrincipal, maxPrincipal]; equal values = fixed principal.
        uint256 minPrincipal;
        uint256 maxPrincipal;
        /// Total principal across all loans taken from this offer.
        uint256 capacity;
        uint32 aprBps;
        /// 0 = open-term.
        uint32 duration;
        uint32 gracePeriod;
        DefaultMode defaultMode;
        uint64 expiry;
        /// Invalidated in bulk by `cancelNoncesBelow`.
        uint256 nonce;
    }

    /// @notice A borrower's EIP-712 signed request; one lender fills it once.
    struct BorrowRequest {
        address borrower;
        address collateral;
        uint256 tokenId;
        uint256 collateralAmount;
        address currency;
        uint256 minPrincipal;
        uint32 maxAprBps;
        uint32 duration;
        uint32 gracePeriod;
        DefaultMode defaultMode;
        /// delegate.cash delegate to set at origination (0 = none).
        address delegate;
        uint64 expiry;
        uint256 nonce;
    }

    /// @notice New terms signed by the current lender-note holder; the borrower-note holder submits them.
    /// Bound to one state of one loan through `loanHash`, so it applies at most once.
    struct Renegotiation {
        uint256 loanId;
        bytes32 loanHash;
        uint32 aprBps;
        /// New duration counted from the loan's `startTime` (0 keeps an open-term loan open-term).
        uint32 duration;
        uint32 gracePeriod;
        uint64 expiry;
        uint256 nonce;
    }

    /// @notice Terms a contract lender (e.g. a pool) is asked to approve in `borrowFrom`.
    struct LoanTerms {
        address collateral;
        uint256 tokenId;
        uint256 collateralAmount;
        address currency;
        uint256 principal;
        uint32 aprBps;
        uint32 duration;
        uint32 gracePeriod;
        DefaultMode defaultMode;
        address delegate;
    }

    /// @notice Parameters fixed at deployment (immutable): no live loan ever sees them change.
    struct Parameters {
        /// Fixed-term takeover: new APR must be at most `old * (10_000 - minAprImprovementBps) / 10_000`.
        uint16 minAprImprovementBps;
        /// Fixed-term takeover: the current lender keeps the loan at least this long.
        uint32 minHoldingPeriod;
        /// Open-term: the lender may call only this long after `startTime`.
        uint32 minCallDelay;
        /// Open-term: duration of the refinancing auction after a call.
        uint32 refinancingAuctionDuration;
        /// Open-term: APR ceiling reached at the end of the refinancing auction.
        uint32 maxAprBps;
        /// Default sale: duration of the Dutch auction.
        uint32 saleDuration;
        /// Default sale: starting premium over the debt, in basis points of the debt at sale start.
        uint32 saleStartPremiumBps;
    }

    /*//////////////////////////////////////////////////////////////
                                  ERRORS
    //////////////////////////////////////////////////////////////*/

    error Unauthorized(address caller);
    error OriginationsPaused();
    error CurrencyNotAllowed(address currency);
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    error InvalidParameter(bytes32 name, uint256 value);
    error InvalidSignature(address signer, bytes32 digest);
    error OfferExpired(uint64 expiry, uint256 timestamp);
    error OfferNotActive(bytes32 offerHash);
    error NonceCancelled(address account, uint256 nonce, uint256 minNonce);
    error RequestAlreadyUsed(bytes32 requestHash);
    error CapacityExceeded(bytes32 offerHash, uint256 used, uint256 principal, uint256 capacity);
    error PrincipalOutOfRange(uint256 principal, uint256 minPrincipal, uint256 maxPrincipal);
    error AprTooHigh(uint256 aprBps, uint256 maxAprBps);
    error TokenNotInScope(address collateral, uint256 tokenId);
    error CollateralMismatch(
        address expectedCollateral, uint256 expectedTokenId, address collateral, uint256 tokenId
    );
    error CurrencyMismatch(address expected, address currency);
    error CollateralNotReceived(address collateral, uint256 tokenId);
    error LoanNotFound(uint256 loanId);
    error LoanHashMismatch(uint256 loanId, bytes32 stored, bytes32 supplied);
    error NotOpenTerm(uint256 loanId);
    error NotFixedTerm(uint256 loanId);
    error LoanNotCallable(uint256 loanId, uint256 callableAt);
    error LoanAlreadyCalled(uint256 loanId);
    error LoanNotCalled(uint256 loanId);
    error RefinancingAuctionOver(uint256 loanId, uint256 endedAt);
    error RefinancingAuctionNotOver(uint256 loanId, uint256 endsAt);
    error NotDefaulted(uint256 loanId, uint256 defaultsAt);
    error WrongDefaultMode(uint256 loanId, DefaultMode mode);
    error SaleAlreadyStarted(uint256 loanId);
    error SaleNotStarted(uint256 loanId);
    error SaleOver(uint256 loanId, uint256 endedAt);
    error SaleNotOver(uint256 loanId, uint256 endsAt);
    error PriceAboveLimit(uint256 price, uint256 maxPrice);
    error HoldingPeriodActive(uint256 loanId, uint256 endsAt);
    error TermsNotBetter(uint256 loanId);
    error RepaymentTooLarge(uint256 amount, uint256 debt);
    error ZeroAmount();
    error LenderRejected(address lender);
    error PaymentFailed(address currency, address from, uint256 amount);
    error NothingToClaim(address account, address currency);
    error NoCollateralClaim(bytes32 claimId);
    error DelegationFailed(address delegate);
    error InvalidRecipient(address recipient);

    /*//////////////////////////////////////////////////////////////
                                  EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A loan started (origination) or changed hands or terms; `loan` is its full new state.
    event LoanStarted(uint256 indexed loanId, address indexed lender, address indexed borrower, Loan loan);
    /// @notice A loan's state changed without a new lender (partial repayment, renegotiation, call, sale,
    /// delegation); `loan` is its full new state.
    event LoanUpdated(uint256 indexed loanId, Loan loan);
    /// @notice A new lender took over (refinance, takeover, auction takeover) and paid `paidToLender` to
    /// the previous lender.
    event LoanTransferred(
        uint256 indexed loanId,
        address indexed previousLender,
        address indexed newLender,
        uint256 paidToLender,
        Loan loan
    );
    /// @notice A payment toward a loan: interest first, then principal.
    event LoanRepaid(
        uint256 indexed loanId, address indexed payer, uint256 interest, uint256 principal, uint256 fee
    );
    /// @notice The loan is closed: repaid (0), foreclosed (1), sold (2) or liquidated by its managing lender
    /// (3). `collateralTo` received the NFT.
    event LoanClosed(uint256 indexed loanId, address indexed collateralTo, uint8 reason);
    /// @notice A default sale completed.
    event CollateralSold(
        uint256 indexed loanId, address indexed buyer, uint256 price, uint256 debt, uint256 surplus
    );
    event OfferCancelled(address indexed lender, bytes32 indexed offerHash);
    event NoncesCancelled(address indexed account, uint256 minNonce);
    /// @notice A payment could not be delivered and is claimable by `account`.
    event PaymentBooked(address indexed account, address indexed currency, uint256 amount);
    event Claimed(address indexed account, address indexed currency, address to, uint256 amount);
    /// @notice Collateral could not be delivered and waits for `account` to claim it.
    event CollateralBooked(
        bytes32 indexed claimId, address indexed account, address collateral, uint256 tokenId, uint256 amount
    );
    event CollateralClaimed(bytes32 indexed claimId, address indexed account, address to);
    event CurrencyAllowed(address indexed currency, bool allowed);
    event ProtocolFeeSet(uint16 feeBps);
    event TreasurySet(address indexed treasury);
    event GuardianSet(address indexed guardian);
    event PausedSet(bool paused);
}
