// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

// Event signatures are part of the ABI other code is built against; prices and flags gain nothing as topics.
// solhint-disable gas-indexed-events

/// @title IFloorOracle
/// @author Hypotheca
/// @notice Floor prices of NFT collections in ETH (18 decimals), aggregated on chain from independent
/// feeders. Per collection: a new value needs a quorum of fresh reports submitted since the last
/// accepted value; the value is their median, clamped to a maximum move from the last value, and
/// accepted at most once per minimum spacing. A report set whose spread is too wide is rejected (and
/// flagged by an event). A time-weighted average (TWAP) over a configurable window is kept in a
/// fixed-size ring buffer.
///
/// Consumers (lending pools) value collateral at `borrowPrice` = min(spot, TWAP), which reverts when the
/// price is stale or paused: that blocks new borrowing only. `liquidationPrice` = TWAP never reverts for
/// staleness or pause, so repayment, redemption and auctions keep working.
///
/// Per-token premiums (rarity): an owner-committed Merkle root of (tokenId, multiplierBps) leaves per
/// collection, effective only after a delay; a token without a proof is valued at the floor.
///
/// Aggregation rules, applied in `submit` once the report is stored:
/// - A report counts toward a quorum while its feeder is authorised, it was submitted after the last
///   accepted value (in a later transaction, or earlier in the same one), and it is at most
///   `maxReportAge` seconds old. A feeder has one report: a new one replaces its previous one.
/// - With at least `quorum` such reports and `minSpacing` seconds since the last value: the median is
///   the lower middle of the sorted reports (an even count takes the lower of the two middles, so the
///   value is always one feeder's report and errs low). If (max - min) * 10_000 > maxSpreadBps * median,
///   `SpreadTooWide` is emitted and nothing changes; otherwise the median is clamped to
///   last * (1 +- maxDeviationBps / 10_000) (rounded toward `last`; the first value is not clamped) and
///   becomes round `roundId + 1`.
/// - The TWAP is exact for the accepted step function (each value holds from its round until the
///   next) and rounds down. The ring buffer keeps the last OBSERVATION_CARDINALITY (128) observations,
///   one per round, and rounds are at least `minSpacing` apart, so `configure` requires
///   twapWindow <= (OBSERVATION_CARDINALITY - 1) * minSpacing. Right after the owner raises the spacing
///   or the window, the buffer may cover less than the window until enough rounds were written under the
///   new rule; the TWAP is then the average since the oldest kept observation.
interface IFloorOracle {
    /*//////////////////////////////////////////////////////////////
                                  TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Per-collection aggregation rules (owner-set).
    struct CollectionConfig {
        /// Reports needed for a new value, >= 3 (and <= the number of feeders for it to ever update).
        uint8 quorum;
        /// A report counts toward a quorum only while younger than this (seconds).
        uint32 maxReportAge;
        /// Minimum seconds between two accepted values.
        uint32 minSpacing;
        /// An accepted value moves at most this much (bps of the last value) from the last value.
        uint16 maxDeviationBps;
        /// Reports whose (max - min) exceeds this (bps of their median) are rejected.
        uint16 maxSpreadBps;
        /// TWAP window in seconds (hours in practice).
        uint32 twapWindow;
        /// The spot value is stale (borrowing blocked) once older than this (seconds).
        uint32 maxStaleness;
    }

    /// @notice One accepted value (a Chainlink-style round).
    struct Round {
        uint128 price;
        uint40 updatedAt;
    }

    /*//////////////////////////////////////////////////////////////
                                  ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice `caller` is neither the guardian nor the owner.
    error Unauthorized(address caller);
    /// @notice A configuration value (or a reported price above 2^128 - 1, as "price") is out of range.
    error InvalidParameter(bytes32 name, uint256 value);
    /// @notice `collection` was never configured.
    error CollectionNotListed(address collection);
    /// @notice `account` is not an authorised feeder of `collection`.
    error NotFeeder(address collection, address account);
    /// @notice `collection` already has `max` feeders.
    error TooManyFeeders(address collection, uint256 max);
    /// @notice A report of zero.
    error ZeroPrice();
    /// @notice `collection` has no accepted value yet.
    error NoPrice(address collection);
    /// @notice The last value, written at `updatedAt`, is older than `maxStaleness` seconds.
    error StalePrice(address collection, uint256 updatedAt, uint256 maxStaleness);
    /// @notice The guardian or the owner paused `collection`'s borrow price.
    error PricePaused(address collection);
    /// @notice No round `roundId` (ids start at 1).
    error RoundNotFound(address collection, uint256 roundId);
    /// @notice The proof or the multiplier does not hold under the active premium root.
    error InvalidPremium(address collection, uint256 tokenId, uint256 multiplierBps);

    /*//////////////////////////////////////////////////////////////
                                  EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice `collection` was listed or its rules changed.
    /// @param collection The collection.
    /// @param config Its rules from now on.
    event CollectionConfigured(address indexed collection, CollectionConfig config);
    /// @notice `feeder` was authorised or removed (its report is dropped on removal).
    /// @param collection The collection.
    /// @param feeder The feeder.
    /// @param authorised Whether it may report from now on.
    event FeederSet(address indexed collection, address indexed feeder, bool authorised);
    /// @notice `feeder` reported `price`; it replaces its previous report.
    /// @param collection The collection.
    /// @param feeder The feeder.
    /// @param price Its floor (ETH, 18 decimals).
    event ReportSubmitted(address indexed collection, address indexed feeder, uint256 price);
    /// @notice A new value: `median` of the reports, `price` after the deviation clamp.
    /// @param collection The collection.
    /// @param roundId The new round.
    /// @param price The accepted value.
    /// @param median The median of the reports it came from.
    /// @param twap The TWAP right after this value.
    event PriceUpdated(
        address indexed collection, uint256 indexed roundId, uint256 price, uint256 median, uint256 twap
    );
    /// @notice A quorum was reached but its reports disagree too much: no update.
    /// @param collection The collection.
    /// @param minPrice The lowest counted report.
    /// @param maxPrice The highest counted report.
    /// @param median Their median.
    event SpreadTooWide(address indexed collection, uint256 minPrice, uint256 maxPrice, uint256 median);
    /// @notice `collection`'s borrow price was paused or resumed.
    /// @param collection The collection.
    /// @param paused Whether it is paused from now on.
    event PausedSet(address indexed collection, bool paused);
    /// @notice A new guardian.
    /// @param guardian Who may pause from now on (with the owner).
    event GuardianSet(address indexed guardian);
    /// @notice A premium root was proposed; it replaces any proposal not yet in force.
    /// @param collection The collection.
    /// @param root The proposed root.
    /// @param activatesAt When it takes effect.
    event PremiumRootProposed(address indexed collection, bytes32 root, uint256 activatesAt);

    /*//////////////////////////////////////////////////////////////
                                 FEEDERS
    //////////////////////////////////////////////////////////////*/

    /// @notice An authorised feeder reports its floor for `collection` (ETH, 18 decimals). When this report
    /// completes a quorum and the spacing has passed, a new value is accepted in the same call.
    /// @dev Reverts `CollectionNotListed`, `NotFeeder`, `ZeroPrice`, or `InvalidParameter("price", price)`
    /// above 2^128 - 1. A quorum that cannot be used (spacing, stale reports, wide spread) never reverts.
    /// @param collection The collection.
    /// @param price The feeder's floor.
    function submit(address collection, uint256 price) external;

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Owner: lists `collection` or changes its rules (the price history is kept).
    /// @dev Reverts `InvalidParameter(name, value)` unless: collection != 0; 3 <= quorum <= MAX_FEEDERS (15);
    /// maxReportAge, minSpacing, maxSpreadBps, maxStaleness > 0; 0 < maxDeviationBps <= 10_000;
    /// 0 < twapWindow <= (OBSERVATION_CARDINALITY - 1) * minSpacing. Reports already submitted keep counting.
    /// @param collection The collection.
    /// @param config Its rules.
    function configure(address collection, CollectionConfig calldata config) external;

    /// @notice Owner: authorises or removes a feeder for `collection` (a removed feeder's report is ignored).
    /// @dev Idempotent. Reverts `CollectionNotListed`, `InvalidParameter("feeder", 0)`, `TooManyFeeders`.
    /// @param collection The collection.
    /// @param feeder The feeder.
    /// @param authorised Whether it may report.
    function setFeeder(address collection, address feeder, bool authorised) external;

    /// @notice Owner: who may pause prices.
    /// @param guardian The guardian (0 = none).
    function setGuardian(address guardian) external;

    /// @notice Guardian or owner: pausing a collection's price blocks new borrowing against it, nothing else.
    /// @dev Reverts `Unauthorized`, `CollectionNotListed`.
    /// @param collection The collection.
    /// @param paused Whether `borrowPrice` reverts `PricePaused`.
    function setPaused(address collection, bool paused) external;

    /// @notice Owner: proposes a new premium Merkle root, effective `premiumDelay()` seconds from now (a
    /// pending proposal is replaced). Leaves: keccak256(bytes.concat(keccak256(abi.encode(tokenId,
    /// multiplierBps)))), 10_000 <= multiplierBps <= maxPremiumBps().
    /// @dev A proposal already in force becomes the active root first, so only a pending one is replaced.
    /// The zero root withdraws every premium (after the delay). Reverts `CollectionNotListed`.
    /// @param collection The collection.
    /// @param root The new root.
    function proposePremiumRoot(address collection, bytes32 root) external;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The last accepted value, its time and round id; reverts `NoPrice` before the first one.
    /// @param collection The collection.
    /// @return price The last value (ETH, 18 decimals).
    /// @return updatedAt When it was accepted.
    /// @return roundId Its round.
    function latestPrice(address collection)
        external
        view
        returns (uint256 price, uint256 updatedAt, uint256 roundId);

    /// @notice Time-weighted average of the accepted values over the collection's window ending now (over
    /// the available history when it is shorter than the window); reverts `NoPrice` before the first value.
    /// @param collection The collection.
    /// @return The TWAP (ETH, 18 decimals, rounded down).
    function twap(address collection) external view returns (uint256);

    /// @notice min(spot, TWAP), for new borrowing. Reverts `StalePrice` / `PricePaused` / `NoPrice`.
    /// @dev Checked in this order: paused, no value, stale (now - updatedAt > maxStaleness).
    /// @param collection The collection.
    /// @return The borrow price (ETH, 18 decimals).
    function borrowPrice(address collection) external view returns (uint256);

    /// @notice TWAP, for liquidation. Never reverts for staleness or pause; `NoPrice` before the first value.
    /// @param collection The collection.
    /// @return The liquidation price (ETH, 18 decimals).
    function liquidationPrice(address collection) external view returns (uint256);

    /// @notice The multiplier (bps, >= 10_000) proven for `tokenId` under the active premium root; 10_000
    /// for an empty proof. Reverts `InvalidPremium` for a bad proof or a multiplier out of range.
    /// @param collection The collection.
    /// @param tokenId The token.
    /// @param multiplierBps The claimed multiplier (10_000 = floor).
    /// @param proof Its Merkle proof (empty with 10_000 for a token without a premium).
    /// @return The proven multiplier.
    function premiumBps(address collection, uint256 tokenId, uint256 multiplierBps, bytes32[] calldata proof)
        external
        view
        returns (uint256);

    /// @notice One accepted value; reverts `RoundNotFound` for 0 or an id after the latest.
    /// @param collection The collection.
    /// @param roundId The round (from 1).
    /// @return The round.
    function getRound(address collection, uint256 roundId) external view returns (Round memory);

    /// @notice The rules of `collection` (quorum 0 = not listed).
    /// @param collection The collection.
    /// @return The rules.
    function collectionConfig(address collection) external view returns (CollectionConfig memory);

    /// @notice The authorised feeders of `collection`, in storage order (a removal moves the last one).
    /// @param collection The collection.
    /// @return The feeders.
    function feeders(address collection) external view returns (address[] memory);

    /// @notice `feeder`'s current report for `collection` (zeros when it has none or is not a feeder).
    /// @dev For feeder heartbeats and monitoring; whether it counts also depends on the last value's time.
    /// @param collection The collection.
    /// @param feeder The feeder.
    /// @return price Its last reported floor.
    /// @return timestamp When it reported it.
    function latestReport(address collection, address feeder)
        external
        view
        returns (uint256 price, uint256 timestamp);

    /// @notice Whether `collection`'s borrow price is paused.
    /// @param collection The collection.
    /// @return Whether it is paused.
    function paused(address collection) external view returns (bool);

    /// @notice Who may pause prices besides the owner.
    /// @return The guardian.
    function guardian() external view returns (address);

    /// @notice The premium root in force now (a proposal takes effect by itself once its delay passed).
    /// @param collection The collection.
    /// @return The root (0 = no premiums).
    function premiumRoot(address collection) external view returns (bytes32);

    /// @notice Seconds between a premium root's proposal and its effect.
    /// @return The delay.
    function premiumDelay() external view returns (uint256);

    /// @notice The largest multiplier a premium leaf may carry (bps).
    /// @return The cap.
    function maxPremiumBps() external view returns (uint256);
}
