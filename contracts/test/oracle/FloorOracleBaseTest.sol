// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracle} from "../../src/oracle/FloorOracle.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice A FloorOracle with one listed collection, five feeders and the recommended rules (quorum 3,
/// reports valid 1 h, 10 min spacing, 10% clamp, 15% spread, 6 h TWAP, 2 h staleness), plus reference
/// computations (median, clamp, TWAP) written independently of the contract.
abstract contract FloorOracleBaseTest is BaseTest {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant FLOOR = 10 ether;
    uint256 internal constant PREMIUM_DELAY = 2 days;
    uint256 internal constant MAX_PREMIUM_BPS = 30_000;
    uint256 internal constant FEEDER_COUNT = 5;

    uint8 internal constant QUORUM = 3;
    uint32 internal constant MAX_REPORT_AGE = 1 hours;
    uint32 internal constant MIN_SPACING = 10 minutes;
    uint16 internal constant MAX_DEVIATION_BPS = 1000;
    /// @dev A 100% clamp: a value may fall to zero or double.
    uint16 internal constant NO_CLAMP_BPS = 10_000;
    uint16 internal constant MAX_SPREAD_BPS = 1500;
    uint32 internal constant TWAP_WINDOW = 6 hours;
    uint32 internal constant MAX_STALENESS = 2 hours;

    FloorOracle internal oracle;
    address internal guardian = makeAddr("guardian");
    address internal collection = makeAddr("collection");
    address internal otherCollection = makeAddr("otherCollection");
    address[] internal feeders;

    /// @dev Accepted values (time, price) in order, recorded by `_submit` from PriceUpdated: the reference
    /// history the TWAP and clamp checks are computed from.
    uint256[] internal acceptedTimes;
    uint256[] internal acceptedPrices;

    function setUp() public virtual override {
        super.setUp();
        oracle = new FloorOracle(owner, PREMIUM_DELAY, MAX_PREMIUM_BPS);
        vm.label(address(oracle), "oracle");
        vm.startPrank(owner);
        oracle.configure(collection, _defaultConfig());
        oracle.setGuardian(guardian);
        for (uint256 i; i < FEEDER_COUNT; ++i) {
            address feeder = makeAddr(string.concat("feeder", vm.toString(i)));
            feeders.push(feeder);
            oracle.setFeeder(collection, feeder, true);
        }
        vm.stopPrank();
    }

    function _defaultConfig() internal pure returns (IFloorOracle.CollectionConfig memory) {
        return IFloorOracle.CollectionConfig({
            quorum: QUORUM,
            maxReportAge: MAX_REPORT_AGE,
            minSpacing: MIN_SPACING,
            maxDeviationBps: MAX_DEVIATION_BPS,
            maxSpreadBps: MAX_SPREAD_BPS,
            twapWindow: TWAP_WINDOW,
            maxStaleness: MAX_STALENESS
        });
    }

    function _configure(IFloorOracle.CollectionConfig memory config) internal {
        vm.prank(owner);
        oracle.configure(collection, config);
    }

    /// @dev `feeders[index]` reports `price`; returns whether a new value was accepted (and records it).
    function _submit(uint256 index, uint256 price) internal returns (bool updated) {
        uint256 roundBefore = _roundId();
        vm.prank(feeders[index]);
        oracle.submit(collection, price);
        updated = _roundId() != roundBefore;
        if (updated) {
            (uint256 accepted, uint256 updatedAt,) = oracle.latestPrice(collection);
            acceptedTimes.push(updatedAt);
            acceptedPrices.push(accepted);
        }
    }

    /// @dev Feeders 0..prices.length-1 report in order; returns whether the last report made a new value.
    function _submitAll(uint256[] memory prices) internal returns (bool updated) {
        for (uint256 i; i < prices.length; ++i) {
            updated = _submit(i, prices[i]);
        }
    }

    /// @dev A quorum of three feeders reports `price`: a new value (clamped) once the spacing passed.
    function _quorum(uint256 price) internal returns (bool updated) {
        _submit(0, price);
        _submit(1, price);
        updated = _submit(2, price);
    }

    /// @dev Waits the spacing, then a quorum reports `price`; asserts a new value was accepted.
    function _nextRound(uint256 price) internal {
        skip(MIN_SPACING);
        assertTrue(_quorum(price), "round accepted");
    }

    /// @dev A quorum reports `price` every hour for `duration` (whole hours): the value stays fresh and,
    /// if it was `price` already, the TWAP stays flat.
    function _hold(uint256 price, uint256 duration) internal {
        for (uint256 hour; hour < duration / 1 hours; ++hour) {
            skip(1 hours);
            assertTrue(_quorum(price), "hourly round");
        }
    }

    /// @dev The revert data of `InvalidParameter(name, value)`.
    function _invalidParameter(bytes32 name, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IFloorOracle.InvalidParameter.selector, name, value);
    }

    function _prices3(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory prices) {
        prices = new uint256[](3);
        (prices[0], prices[1], prices[2]) = (a, b, c);
    }

    function _roundId() internal view returns (uint256 roundId) {
        try oracle.latestPrice(collection) returns (uint256, uint256, uint256 id) {
            roundId = id;
        } catch {
            roundId = 0;
        }
    }

    function _spot() internal view returns (uint256 price) {
        (price,,) = oracle.latestPrice(collection);
    }

    /*//////////////////////////////////////////////////////////////
                         REFERENCE COMPUTATIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev Lower median by selection sort on a copy.
    function _referenceMedian(uint256[] memory values) internal pure returns (uint256) {
        uint256[] memory sorted = _sorted(values);
        return sorted[(sorted.length - 1) / 2];
    }

    function _sorted(uint256[] memory values) internal pure returns (uint256[] memory sorted) {
        sorted = new uint256[](values.length);
        for (uint256 i; i < values.length; ++i) {
            sorted[i] = values[i];
        }
        for (uint256 i; i < sorted.length; ++i) {
            for (uint256 j = i + 1; j < sorted.length; ++j) {
                if (sorted[j] < sorted[i]) (sorted[i], sorted[j]) = (sorted[j], sorted[i]);
            }
        }
    }

    /// @dev `_referenceTwap` over the history recorded by `_submit`.
    function _referenceTwap(uint256 window) internal view returns (uint256) {
        return _referenceTwapOf(acceptedTimes, acceptedPrices, window);
    }

    /// @dev The average of a step function over [max(now - window, first time), now], integrated step by
    /// step: price i holds from times[i] to times[i + 1] (the last one to now).
    function _referenceTwapOf(uint256[] memory times, uint256[] memory prices, uint256 window)
        internal
        view
        returns (uint256)
    {
        uint256 count = times.length;
        uint256 end = block.timestamp;
        uint256 start = end > window ? end - window : 0;
        if (start < times[0]) start = times[0];
        if (start == end) return prices[count - 1];
        uint256 area;
        for (uint256 i; i < count; ++i) {
            uint256 from = times[i];
            uint256 to = i + 1 < count ? times[i + 1] : end;
            if (from < start) from = start;
            if (to > from) area += prices[i] * (to - from);
        }
        return area / (end - start);
    }

    /// @dev Lowest and highest price of the step function in force at some instant of
    /// [max(now - window, first time), now].
    function _rangeOverWindowOf(uint256[] memory times, uint256[] memory prices, uint256 window)
        internal
        view
        returns (uint256 low, uint256 high)
    {
        uint256 end = block.timestamp;
        uint256 start = end > window ? end - window : 0;
        low = type(uint256).max;
        for (uint256 i = times.length; i > 0; --i) {
            uint256 price = prices[i - 1];
            if (price < low) low = price;
            if (price > high) high = price;
            // This step began at or before the window's start: older steps are outside it.
            if (times[i - 1] <= start) break;
        }
    }
}
