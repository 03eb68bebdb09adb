// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title ILendingPoolTypes
/// @notice The lending pool's types, errors and events, shared by the pool, its extension and integrators.
interface ILendingPoolTypes {
    /*//////////////////////////////////////////////////////////////
                                  TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Kinked rate curve on utilization U = lent / (cash + lent), APR in basis points:
    /// `base + slope1 * U / kink` up to the kink, then `+ slope2 * (U - kink) / (1 - kink)`.
    struct RateCurve {
        uint32 baseAprBps;
        uint32 slope1Bps;
        uint32 slope2Bps;
        /// Utilization of the kink in basis points, in (0, 10_000).
        uint16 kinkBps;
    }

    /// @notice Risk parameters of one collection. Each change creates a new version; a loan keeps the
    /// version it was made under (and its auction too), so changes never reach live loans.
    struct CollectionConfig {
        /// New loans allowed.
        bool enabled;
        /// Max principal as basis points of the borrow value.
        uint16 ltvBps;
        /// Health factor = liquidation value x this / debt; above `ltvBps`, at most 10_000.
        uint16 liquidationThresholdBps;
        /// Longest loan duration (seconds); past its duration a loan can be liquidated.
        uint32 maxDuration;
        /// Max outstanding principal against the collection (live loans and unsold auctions).
        uint128 exposureCap;
        /// Seconds the auction price takes to decay from start to floor.
        uint32 auctionDuration;
        /// Auction start price, basis points of the liquidation value (above 10_000).
        uint32 auctionStartBps;
        /// Auction floor price, basis points of the liquidation value (below 10_000); also the step of
        /// each restart (the next floor is this fraction of the previous one).
        uint16 auctionFloorBps;
        /// Redemption penalty in basis points of the auction's debt, paid to the liquidation's starter.
        uint16 redemptionPenaltyBps;
    }

    /// @notice Per-collection state.
    struct CollectionState {
        /// Current config version (0 = never listed).
        uint32 version;
        /// Set by the guardian (or owner): no new loans against the collection.
        bool borrowingDisabled;
        /// Outstanding principal of live loans and unsold auctions.
        uint128 exposure;
    }

    /// @notice What the pool keeps per live loan (one slot). Interest to depositors accrues on
    /// `principal` at `aprBps` from `accrualStart`, times the lender share (1 - feeBps)(1 - reserveFactorBps).
    struct LoanRecord {
        uint96 principal;
        uint24 aprBps;
        uint40 accrualStart;
        /// The core's protocol fee on interest, fixed at origination.
        uint16 feeBps;
        /// The pool's reserve factor at origination.
        uint16 reserveFactorBps;
        uint32 version;
        /// The token's premium multiplier proven at origination (10_000 = floor).
        uint24 premiumBps;
        /// 0x01: the loan carries unpaid interest (`carriedInterest`); 0x80: live (set in every record).
        uint8 flags;
    }

    /// @notice A live auction; only its hash is stored, callers pass it back (events carry it).
    struct Auction {
        address collection;
        uint256 tokenId;
        /// Borrower-note holder when the liquidation started: receives the surplus or the redeemed NFT.
        address borrower;
        /// Who started the liquidation: receives the redemption penalty.
        address starter;
        /// The pool's claim: the loan's debt when the liquidation started.
        uint256 debt;
        /// What the auction counts for in `totalAssets` (the loan's value to depositors at the start).
        uint256 bookValue;
        /// The loan's principal, counted in the collection's exposure until the auction ends.
        uint256 principal;
        uint256 startPrice;
        uint256 floorPrice;
        uint40 startTime;
        uint32 duration;
        uint16 floorBps;
        uint16 penaltyBps;
        /// 0 for the first run, +1 per restart.
        uint16 round;
    }

    /// @notice Pool-wide aggregates.
    struct Totals {
        /// Asset held for depositors and available to borrow or withdraw.
        uint256 cash;
        /// Outstanding principal of live loans plus the book value of live auctions.
        uint256 lent;
        /// Depositors' share of accrued, unpaid interest (rounded down).
        uint256 interest;
        /// Protocol reserves held by the pool (not depositors' assets).
        uint256 reserves;
        /// Owed to borrowers (auction surplus) and starters (penalties), claimable with `claim`.
        uint256 claimable;
        /// Bad debt written off since deployment.
        uint256 badDebt;
    }

    /*//////////////////////////////////////////////////////////////
                                  ERRORS
    //////////////////////////////////////////////////////////////*/

    error Unauthorized(address caller);
    error InvalidParameter(bytes32 name, uint256 value);
    /// @notice A term of a requested loan the pool does not accept (`name` says which).
    error InvalidTerms(bytes32 name, uint256 value);
    error CollectionNotListed(address collection);
    /// @notice The collection's config is disabled or the guardian stopped borrowing against it.
    error BorrowingDisabled(address collection);
    error PrincipalAboveLimit(uint256 principal, uint256 maxPrincipal);
    error ExposureCapExceeded(address collection, uint256 exposure, uint256 principal, uint256 cap);
    /// @notice Not enough cash for a borrow or a withdrawal.
    error InsufficientLiquidity(uint256 requested, uint256 available);
    error AprBelowQuote(uint256 aprBps, uint256 quoteBps);
    /// @notice The quote feed has no code, reverted, or answered zero or less.
    error QuoteUnavailable(address feed);
    /// @notice The quote feed's answer is too old for new borrowing.
    error StaleQuote(address feed, uint256 updatedAt, uint256 maxAge);
    /// @notice Not a live loan of this pool.
    error LoanNotManaged(uint256 loanId);
    error LoanHashMismatch(uint256 loanId, bytes32 stored, bytes32 supplied);
    /// @notice Health factor at or above 1 (WAD) and not past its duration (`dueAt`).
    error LoanHealthy(uint256 loanId, uint256 healthFactor, uint256 dueAt);
    error CollateralNotReceived(address collection, uint256 tokenId);
    error AuctionNotFound(uint256 loanId);
    error AuctionHashMismatch(uint256 loanId, bytes32 stored, bytes32 supplied);
    error AuctionNotOver(uint256 loanId, uint256 endsAt);
    error PriceAboveLimit(uint256 price, uint256 maxPrice);
    error NothingToClaim(address account);
    error InvalidRecipient(address recipient);

    /*//////////////////////////////////////////////////////////////
                                  EVENTS
    //////////////////////////////////////////////////////////////*/

    event CollectionConfigured(address indexed collection, uint32 indexed version, CollectionConfig config);
    event BorrowingDisabledSet(address indexed collection, bool disabled);
    event ReserveFactorSet(uint16 reserveFactorBps);
    event TreasurySet(address indexed treasury);
    event GuardianSet(address indexed guardian);
    /// @notice A loan was made from the pool (the core's `LoanStarted` carries its terms).
    /// `value` is the collateral's borrow value in the asset.
    event LoanBooked(uint256 indexed loanId, uint32 version, uint256 premiumBps, uint256 value);
    /// @notice A payment on a pool loan: `received` from the core, `toReserves` of it set aside; the
    /// loan's remaining `principal` and `carriedInterest` (both zero once it closed or left the pool).
    event LoanPaymentBooked(
        uint256 indexed loanId,
        uint256 received,
        uint256 toReserves,
        uint256 principal,
        uint256 carriedInterest
    );
    /// @notice A payment the core reported for a loan this pool does not manage (a lender note sent to the
    /// pool); it goes to reserves.
    event UntrackedPayment(uint256 indexed loanId, uint256 received);
    event LiquidationStarted(
        uint256 indexed loanId, address indexed starter, uint256 healthFactor, Auction auction
    );
    event AuctionRestarted(uint256 indexed loanId, Auction auction);
    /// @notice Sold: the pool took `toPool` (at most the debt), the borrower is owed `surplus`.
    event AuctionSold(
        uint256 indexed loanId,
        address indexed buyer,
        address to,
        uint256 price,
        uint256 toPool,
        uint256 surplus
    );
    /// @notice The borrower's NFT was bought back at the debt plus `penalty` (to the starter).
    event AuctionRedeemed(uint256 indexed loanId, address indexed payer, uint256 debt, uint256 penalty);
    /// @notice Depositors lost `amount`: an auction settled below its book value.
    event BadDebtWrittenOff(uint256 indexed loanId, uint256 amount);
    /// @notice `amount` could not be pushed to `account` and waits for `claim`.
    event PaymentOwed(address indexed account, uint256 amount);
    event Claimed(address indexed account, address to, uint256 amount);
    event ReservesCollected(address indexed treasury, uint256 amount);
}
