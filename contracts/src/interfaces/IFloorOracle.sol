// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title IFloorOracle
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

    error Unauthorized(address caller);
    error InvalidParameter(bytes32 name, uint256 value);
    error CollectionNotListed(address collection);
    error NotFeeder(address collection, address account);
    error TooManyFeeders(address collection, uint256 max);
    error ZeroPrice();
    error NoPrice(address collection);
    error StalePrice(address collection, uint256 updatedAt, uint256 maxStaleness);
    error PricePaused(address collection);
    error RoundNotFound(address collection, uint256 roundId);
    error InvalidPremium(address collection, uint256 tokenId, uint256 multiplierBps);

    /*//////////////////////////////////////////////////////////////
                                  EVENTS
    //////////////////////////////////////////////////////////////*/

    event CollectionConfigured(address indexed collection, CollectionConfig config);
    event FeederSet(address indexed collection, address indexed feeder, bool authorised);
    event ReportSubmitted(address indexed collection, address indexed feeder, uint256 price);
    /// @notice A new value: `median` of the reports, `price` after the deviation clamp.
    event PriceUpdated(
        address indexed collection, uint256 indexed roundId, uint256 price, uint256 median, uint256 twap
    );
    /// @notice A quorum was reached but its reports disagree too much: no update.
    event SpreadTooWide(address indexed collection, uint256 minPrice, uint256 maxPrice, uint256 median);
    event PausedSet(address indexed collection, bool paused);
    event GuardianSet(address indexed guardian);
    event PremiumRootProposed(address indexed collection, bytes32 root, uint256 activatesAt);

    /*//////////////////////////////////////////////////////////////
                                 FEEDERS
    //////////////////////////////////////////////////////////////*/

    /// @notice An authorised feeder reports its floor for `collection` (ETH, 18 decimals). When this report
    /// completes a quorum and the spacing has passed, a new value is accepted in the same call.
    function submit(address collection, uint256 price) external;

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Owner: lists `collection` or changes its rules (the price history is kept).
    function configure(address collection, CollectionConfig calldata config) external;

    /// @notice Owner: authorises or removes a feeder for `collection` (a removed feeder's report is ignored).
    function setFeeder(address collection, address feeder, bool authorised) external;

    /// @notice Owner: who may pause prices.
    function setGuardian(address guardian) external;

    /// @notice Guardian or owner: pausing a collection's price blocks new borrowing against it, nothing else.
    function setPaused(address collection, bool paused) external;

    /// @notice Owner: proposes a new premium Merkle root, effective `premiumDelay()` seconds from now (a
    /// pending proposal is replaced). Leaves: keccak256(bytes.concat(keccak256(abi.encode(tokenId,
    /// multiplierBps)))), 10_000 <= multiplierBps <= maxPremiumBps().
    function proposePremiumRoot(address collection, bytes32 root) external;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The last accepted value, its time and round id; reverts `NoPrice` before the first one.
    function latestPrice(address collection)
        external
        view
        returns (uint256 price, uint256 updatedAt, uint256 roundId);

    /// @notice Time-weighted average of the accepted values over the collection's window ending now (over
    /// the available history when it is shorter than the window); reverts `NoPrice` before the first value.
    function twap(address collection) external view returns (uint256);

    /// @notice min(spot, TWAP), for new borrowing. Reverts `StalePrice` / `PricePaused` / `NoPrice`.
    function borrowPrice(address collection) external view returns (uint256);

    /// @notice TWAP, for liquidation. Never reverts for staleness or pause; `NoPrice` before the first value.
    function liquidationPrice(address collection) external view returns (uint256);

    /// @notice The multiplier (bps, >= 10_000) proven for `tokenId` under the active premium root; 10_000
    /// for an empty proof. Reverts `InvalidPremium` for a bad proof or a multiplier out of range.
    function premiumBps(address collection, uint256 tokenId, uint256 multiplierBps, bytes32[] calldata proof)
        external
        view
        returns (uint256);

    function getRound(address collection, uint256 roundId) external view returns (Round memory);
    function collectionConfig(address collection) external view returns (CollectionConfig memory);
    function feeders(address collection) external view returns (address[] memory);
    function paused(address collection) external view returns (bool);
    function guardian() external view returns (address);
    /// @notice The premium root in force now (a proposal takes effect by itself once its delay passed).
    function premiumRoot(address collection) external view returns (bytes32);
    function premiumDelay() external view returns (uint256);
    function maxPremiumBps() external view returns (uint256);
}
