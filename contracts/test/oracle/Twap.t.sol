// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice twap: the exact time-weighted average of the accepted step function, checked against a naive
/// integration over the recorded history (`_referenceTwap`).
contract TwapTest is FloorOracleBaseTest {
    function setUp() public override {
        super.setUp();
        // No clamp and no spread limit: the TWAP tests choose every accepted value.
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxDeviationBps = NO_CLAMP_BPS;
        config.maxSpreadBps = type(uint16).max;
        _configure(config);
    }

    function test_twap_revertsBeforeTheFirstValue() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.twap(collection);
    }

    function test_twap_equalsTheFirstValueAtItsInstant() public {
        _quorum(FLOOR);
        assertEq(oracle.twap(collection), FLOOR, "twap");
    }

    function test_twap_equalsTheOnlyValueLater() public {
        _quorum(FLOOR);
        skip(TWAP_WINDOW * 3);
        assertEq(oracle.twap(collection), FLOOR, "twap");
    }

    function test_twap_averagesSinceTheFirstValueWhenHistoryIsShorter() public {
        _quorum(10 ether);
        skip(1 hours);
        _quorum(20 ether);
        skip(1 hours);
        // 1 h at 10 and 1 h at 20 since the first value: 15, not diluted by the 4 h before it.
        assertEq(oracle.twap(collection), 15 ether, "twap");
    }

    function test_twap_weightsEachValueByHowLongItHeld() public {
        _quorum(10 ether);
        skip(5 hours);
        _quorum(16 ether);
        skip(1 hours);
        // Window [0, 6 h]: 5 h at 10 and 1 h at 16 -> 11.
        assertEq(oracle.twap(collection), 11 ether, "twap");
        skip(3 hours);
        // Window [3 h, 9 h]: 2 h at 10 and 4 h at 16 -> 14.
        assertEq(oracle.twap(collection), 14 ether, "twap");
        skip(3 hours);
        assertEq(oracle.twap(collection), 16 ether, "only the last value in the window");
    }

    function test_twap_windowStartingInsideAStep() public {
        _quorum(10 ether);
        skip(2 hours);
        _quorum(13 ether);
        skip(2 hours);
        _quorum(7 ether);
        skip(2 hours);
        skip(30 minutes);
        // Window [30 min, 6 h 30 min]: 1.5 h at 10, 2 h at 13, 2.5 h at 7 -> (15 + 26 + 17.5) / 6 = 9.75.
        assertEq(oracle.twap(collection), 9.75 ether, "twap");
    }

    function test_twap_roundsDown() public {
        _quorum(1);
        skip(1 hours);
        _quorum(2);
        skip(2 hours);
        // (1 * 3600 + 2 * 7200) / 10800 = 1.67 -> 1.
        assertEq(oracle.twap(collection), 1, "rounded down");
    }

    function test_twap_eventCarriesTheTwapAfterTheUpdate() public {
        _quorum(10 ether);
        skip(6 hours);
        _submit(0, 19 ether);
        _submit(1, 19 ether);
        // At the instant of the update the new value has held for zero seconds.
        vm.expectEmit(address(oracle));
        emit IFloorOracle.PriceUpdated(collection, 2, 19 ether, 19 ether, 10 ether);
        _submit(2, 19 ether);
    }

    function test_twap_liquidationPriceIsTheTwap() public {
        _quorum(10 ether);
        skip(3 hours);
        _quorum(12 ether);
        skip(1 hours);
        assertEq(oracle.liquidationPrice(collection), oracle.twap(collection), "same value");
        assertEq(oracle.twap(collection), 10.5 ether, "3 h at 10, 1 h at 12");
    }

    function test_twap_survivesTheRingBufferWrapping() public {
        // 300 rounds 10 min apart: the 128-slot buffer wraps twice and still covers the 6 h window.
        for (uint256 i; i < 300; ++i) {
            if (i > 0) skip(MIN_SPACING);
            _quorum(1 ether + i * 0.01 ether);
        }
        for (uint256 i; i < 8; ++i) {
            assertEq(oracle.twap(collection), _referenceTwap(TWAP_WINDOW), "twap");
            skip(47 minutes);
        }
    }

    function test_twap_degradesToTheKeptHistoryWhenTheWindowOutgrowsTheBuffer() public {
        // 1 h window at 1 min spacing fills the buffer with rounds one minute apart.
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxDeviationBps = NO_CLAMP_BPS;
        config.maxSpreadBps = type(uint16).max;
        config.minSpacing = 1 minutes;
        config.twapWindow = 1 hours;
        _configure(config);
        for (uint256 i; i < 200; ++i) {
            if (i > 0) skip(1 minutes);
            _quorum(1 ether + i * 0.01 ether);
        }
        // Back to 10 min spacing and a 6 h window: the buffer reaches back only 127 minutes for now.
        _configure(_configWithoutLimits());
        uint256 oldestKept = acceptedTimes[200 - 128];
        uint256 area;
        for (uint256 i = 200 - 128; i < 199; ++i) {
            area += acceptedPrices[i] * (acceptedTimes[i + 1] - acceptedTimes[i]);
        }
        skip(5 minutes);
        area += acceptedPrices[199] * (block.timestamp - acceptedTimes[199]);
        assertEq(
            oracle.twap(collection), area / (block.timestamp - oldestKept), "average over the kept rounds"
        );
    }

    /// @dev Random updates (gaps of at least minSpacing, random prices) and random reads between them,
    /// with a random window: always equal to the naive integration, including windows longer than the
    /// history. Each run makes 24 values and 49 comparisons, so CI runs it 1,000 times, not 5,000.
    /// forge-config: ci.fuzz.runs = 1000
    function testFuzz_twap_matchesReference(uint256[24] memory raw, uint256 window) public {
        window = bound(window, 1, 127 * uint256(MIN_SPACING));
        _configureWindow(window);
        for (uint256 i; i < raw.length; ++i) {
            uint256 price = bound(raw[i], 1, 1e30);
            skip(MIN_SPACING + bound(raw[i] >> 128, 0, 3 hours));
            assertTrue(_quorum(price), "update");
            assertEq(oracle.twap(collection), _referenceTwap(window), "twap at the update");
            skip(bound(raw[i] >> 64, 0, MIN_SPACING));
            assertEq(oracle.twap(collection), _referenceTwap(window), "twap between updates");
        }
        skip(bound(raw[0] >> 32, 0, 30 days));
        assertEq(oracle.twap(collection), _referenceTwap(window), "twap long after");
    }

    /// @dev Enough updates to wrap the buffer (130-260), gaps and window random within the rule. Each run
    /// makes up to 260 values, hence fewer runs.
    /// forge-config: default.fuzz.runs = 32
    /// forge-config: ci.fuzz.runs = 256
    function testFuzz_twap_matchesReferenceAcrossRingWrap(uint256 seed, uint256 rounds, uint256 window)
        public
    {
        rounds = bound(rounds, 130, 260);
        window = bound(window, 1, 127 * uint256(MIN_SPACING));
        _configureWindow(window);
        for (uint256 i; i < rounds; ++i) {
            uint256 entropy = uint256(keccak256(abi.encode(seed, i)));
            if (i > 0) skip(MIN_SPACING + entropy % 20 minutes);
            _quorum(bound(entropy >> 32, 1 ether, 100 ether));
            if (i % 16 == 0) assertEq(oracle.twap(collection), _referenceTwap(window), "twap during");
        }
        for (uint256 i; i < 6; ++i) {
            assertEq(oracle.twap(collection), _referenceTwap(window), "twap after");
            skip(uint256(keccak256(abi.encode(seed, "skip", i))) % 2 hours);
        }
    }

    function _configureWindow(uint256 window) internal {
        IFloorOracle.CollectionConfig memory config = _configWithoutLimits();
        config.twapWindow = SafeCast.toUint32(window);
        _configure(config);
    }

    function _configWithoutLimits() internal pure returns (IFloorOracle.CollectionConfig memory config) {
        config = _defaultConfig();
        config.maxDeviationBps = NO_CLAMP_BPS;
        config.maxSpreadBps = type(uint16).max;
    }
}
