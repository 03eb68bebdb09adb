// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Vm} from "forge-std/Test.sol";

/// @notice submit: reports, quorum, freshness, median, spread, clamp and spacing.
contract SubmitTest is FloorOracleBaseTest {
    /*//////////////////////////////////////////////////////////////
                                 REPORTS
    //////////////////////////////////////////////////////////////*/

    function test_submit_storesReport() public {
        _submit(0, FLOOR);

        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, feeders[0]);
        assertEq(price, FLOOR, "price");
        assertEq(timestamp, START_TIME, "timestamp");
    }

    function test_submit_replacesPreviousReport() public {
        _submit(0, FLOOR);
        skip(1 minutes);
        _submit(0, FLOOR + 1);

        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, feeders[0]);
        assertEq(price, FLOOR + 1, "price");
        assertEq(timestamp, START_TIME + 1 minutes, "timestamp");
    }

    function test_submit_emitsReportSubmitted() public {
        vm.expectEmit(address(oracle));
        emit IFloorOracle.ReportSubmitted(collection, feeders[3], FLOOR);
        _submit(3, FLOOR);
    }

    function test_submit_belowQuorumKeepsNoPrice() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);

        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.latestPrice(collection);
    }

    function test_submit_sameFeederTwiceCountsOnce() public {
        _submit(0, FLOOR);
        _submit(0, FLOOR);
        assertFalse(_submit(1, FLOOR), "two feeders are not a quorum of three");
        assertTrue(_submit(2, FLOOR), "the third feeder completes it");
    }

    /*//////////////////////////////////////////////////////////////
                              FIRST VALUE
    //////////////////////////////////////////////////////////////*/

    function test_submit_quorumAcceptsFirstMedianUnclamped() public {
        assertTrue(_submitAll(_prices3(11 ether, 10 ether, 10.5 ether)), "updated");

        (uint256 price, uint256 updatedAt, uint256 roundId) = oracle.latestPrice(collection);
        assertEq(price, 10.5 ether, "median");
        assertEq(updatedAt, START_TIME, "updatedAt");
        assertEq(roundId, 1, "first round id");
    }

    function test_submit_emitsPriceUpdatedWithTwap() public {
        _submit(0, 10 ether);
        _submit(1, 11 ether);
        vm.expectEmit(address(oracle));
        emit IFloorOracle.PriceUpdated(collection, 1, 10.5 ether, 10.5 ether, 10.5 ether);
        _submit(2, 10.5 ether);
    }

    function test_submit_secondValueNeedsSpacing() public {
        _quorum(FLOOR);
        skip(MIN_SPACING - 1);
        assertFalse(_quorum(FLOOR + 1), "too early");
        skip(1);
        assertTrue(_submit(0, FLOOR + 1), "the next report after the spacing completes the waiting quorum");
        assertEq(_spot(), FLOOR + 1, "price");
        assertEq(_roundId(), 2, "round");
    }

    function test_submit_roundIdsIncreaseByOne() public {
        for (uint256 i = 1; i <= 5; ++i) {
            if (i > 1) skip(MIN_SPACING);
            _quorum(FLOOR + i);
            assertEq(_roundId(), i, "roundId");
            IFloorOracle.Round memory round = oracle.getRound(collection, i);
            assertEq(round.price, FLOOR + i, "price");
            assertEq(round.updatedAt, block.timestamp, "updatedAt");
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 MEDIAN
    //////////////////////////////////////////////////////////////*/

    function test_submit_medianOfFive() public {
        _quorum(FLOOR);
        // Four reports while the spacing runs, the fifth after it: all five count.
        _submit(0, 10.4 ether);
        _submit(1, 9.7 ether);
        _submit(2, 10.1 ether);
        _submit(3, 9.9 ether);
        skip(MIN_SPACING);
        assertTrue(_submit(4, 10.6 ether), "updated");

        assertEq(_spot(), 10.1 ether, "median of five");
    }

    function test_submit_evenCountTakesLowerMiddle() public {
        _quorum(FLOOR);
        _submit(0, 10.4 ether);
        _submit(1, 9.7 ether);
        _submit(2, 10.2 ether);
        skip(MIN_SPACING);
        assertTrue(_submit(3, 9.9 ether), "updated");

        assertEq(_spot(), 9.9 ether, "lower of 9.9 and 10.2");
    }

    /*//////////////////////////////////////////////////////////////
                               FRESHNESS
    //////////////////////////////////////////////////////////////*/

    function test_submit_oneNewReportPlusOldOnesDoesNotUpdate() public {
        _quorum(FLOOR);
        skip(MIN_SPACING);

        assertFalse(_submit(0, 11 ether), "feeders 1 and 2 reported before the last value");
        assertFalse(_submit(1, 11 ether), "two fresh reports");
        assertTrue(_submit(3, 11 ether), "third fresh report");
        assertEq(_spot(), 11 ether, "median of the fresh reports only");
    }

    function test_submit_reportInTheSameBlockAfterAnUpdateCountsForTheNext() public {
        _quorum(FLOOR);
        _submit(3, 10.5 ether); // same block, after round 1
        skip(MIN_SPACING);
        _submit(4, 10.5 ether);

        assertTrue(_submit(0, 10.5 ether), "reports 3, 4 and 0 are a fresh quorum");
        assertEq(_spot(), 10.5 ether, "price");
    }

    function test_submit_reportsOlderThanMaxReportAgeDoNotCount() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        skip(MAX_REPORT_AGE + 1);

        assertFalse(_submit(2, FLOOR), "two reports aged out");
        _submit(3, 10.8 ether);
        assertTrue(_submit(4, 10.4 ether), "three fresh reports");
        assertEq(_spot(), 10.4 ether, "median of 10, 10.8, 10.4: the aged ones are left out");
    }

    function test_submit_reportExactlyMaxReportAgeOldCounts() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        skip(MAX_REPORT_AGE);

        assertTrue(_submit(2, FLOOR), "a report of exactly maxReportAge still counts");
    }

    function test_submit_removedFeederReportDoesNotCount() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        vm.prank(owner);
        oracle.setFeeder(collection, feeders[0], false);

        assertFalse(_submit(2, FLOOR), "feeder 0's report was dropped");
        assertTrue(_submit(3, FLOOR), "a third authorised feeder");
    }

    function test_submit_readdedFeederStartsWithoutReport() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        vm.startPrank(owner);
        oracle.setFeeder(collection, feeders[0], false);
        oracle.setFeeder(collection, feeders[0], true);
        vm.stopPrank();

        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, feeders[0]);
        assertEq(price, 0, "price");
        assertEq(timestamp, 0, "timestamp");
        assertFalse(_submit(2, FLOOR), "only feeders 1 and 2 reported");
    }

    /*//////////////////////////////////////////////////////////////
                                 SPREAD
    //////////////////////////////////////////////////////////////*/

    function test_submit_spreadTooWideEmitsAndKeepsPrice() public {
        _quorum(FLOOR);
        skip(MIN_SPACING);
        _submit(0, 10 ether);
        _submit(1, 10 ether);

        // (11.6 - 10) / 10 = 16% > 15%.
        vm.expectEmit(address(oracle));
        emit IFloorOracle.SpreadTooWide(collection, 10 ether, 11.6 ether, 10 ether);
        assertFalse(_submit(2, 11.6 ether), "no update");
        assertEq(_spot(), FLOOR, "price kept");
        assertEq(_roundId(), 1, "round kept");
    }

    function test_submit_spreadAtTheLimitIsAccepted() public {
        assertTrue(_submitAll(_prices3(10 ether, 10 ether, 11.5 ether)), "15% exactly");
        assertEq(_spot(), 10 ether, "median");
    }

    function test_submit_spreadRecoversWhenTheOutlierCorrectsItself() public {
        _submit(0, 10 ether);
        _submit(1, 10 ether);
        assertFalse(_submit(2, 20 ether), "spread");
        assertTrue(_submit(2, 10.2 ether), "the corrected report replaces the outlier");
        assertEq(_spot(), 10 ether, "median");
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAMP
    //////////////////////////////////////////////////////////////*/

    function test_submit_clampsUpwardMove() public {
        _quorum(10 ether);
        skip(MIN_SPACING);
        _submit(0, 12 ether);
        _submit(1, 12 ether);
        vm.expectEmit(address(oracle));
        emit IFloorOracle.PriceUpdated(collection, 2, 11 ether, 12 ether, 10 ether);
        _submit(2, 12 ether);

        assertEq(_spot(), 11 ether, "+10%");
    }

    function test_submit_clampsDownwardMove() public {
        _quorum(10 ether);
        _nextRound(5 ether);
        assertEq(_spot(), 9 ether, "-10%");
        _nextRound(5 ether);
        assertEq(_spot(), 8.1 ether, "-10% again");
    }

    function test_submit_moveWithinTheCapIsNotClamped() public {
        _quorum(10 ether);
        _nextRound(10.999 ether);
        assertEq(_spot(), 10.999 ether, "within +10%");
        _nextRound(11 ether);
        assertEq(_spot(), 11 ether, "within +10%");
    }

    function test_submit_clampRoundsTowardTheLastValue() public {
        _quorum(10 ether + 9);
        _nextRound(20 ether);
        // (10e18 + 9) * 1000 / 10000 = 1e18 + 0.9 -> 1e18.
        assertEq(_spot(), 11 ether + 9, "cap rounded down");
    }

    /*//////////////////////////////////////////////////////////////
                                 REVERTS
    //////////////////////////////////////////////////////////////*/

    function test_submit_revertsForUnlistedCollection() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.CollectionNotListed.selector, otherCollection));
        vm.prank(feeders[0]);
        oracle.submit(otherCollection, FLOOR);
    }

    function test_submit_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NotFeeder.selector, collection, stranger));
        vm.prank(stranger);
        oracle.submit(collection, FLOOR);
    }

    function test_submit_revertsForOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NotFeeder.selector, collection, owner));
        vm.prank(owner);
        oracle.submit(collection, FLOOR);
    }

    function test_submit_revertsForFeederOfAnotherCollection() public {
        vm.prank(owner);
        oracle.configure(otherCollection, _defaultConfig());

        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NotFeeder.selector, otherCollection, feeders[0]));
        vm.prank(feeders[0]);
        oracle.submit(otherCollection, FLOOR);
    }

    function test_submit_revertsForRemovedFeeder() public {
        vm.prank(owner);
        oracle.setFeeder(collection, feeders[1], false);

        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NotFeeder.selector, collection, feeders[1]));
        vm.prank(feeders[1]);
        oracle.submit(collection, FLOOR);
    }

    function test_submit_revertsForZeroPrice() public {
        vm.expectRevert(IFloorOracle.ZeroPrice.selector);
        vm.prank(feeders[0]);
        oracle.submit(collection, 0);
    }

    function test_submit_revertsAboveUint128() public {
        uint256 price = uint256(type(uint128).max) + 1;
        vm.expectRevert(_invalidParameter("price", price));
        vm.prank(feeders[0]);
        oracle.submit(collection, price);
    }

    function test_submit_acceptsUint128Max() public {
        uint256 price = type(uint128).max;
        assertTrue(_submitAll(_prices3(price, price, price)), "updated");
        assertEq(_spot(), price, "price");
        skip(1 hours);
        assertEq(oracle.twap(collection), price, "twap at the largest price");
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @dev Any 3-15 reports (every feeder fresh, quorum = count): the value is the lower median of a
    /// sorted copy, or SpreadTooWide with nothing accepted.
    function testFuzz_submit_medianMatchesReference(uint256[15] memory raw, uint256 count, bool narrow)
        public
    {
        count = bound(count, 3, 15);
        _addFeeders(15);
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = SafeCast.toUint8(count);
        config.maxSpreadBps = type(uint16).max;
        _configure(config);

        uint256[] memory prices = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            // Narrow sets always pass the spread check; wide ones exercise both outcomes.
            prices[i] = narrow ? bound(raw[i], 5 ether, 10 ether) : bound(raw[i], 1, type(uint128).max);
        }
        uint256[] memory sorted = _sorted(prices);
        uint256 median = _referenceMedian(prices);
        bool spreadOk = (sorted[count - 1] - sorted[0]) * BPS <= uint256(type(uint16).max) * median;

        bool updated = _submitAll(prices);

        assertEq(updated, spreadOk, "updated iff the spread is within the limit");
        if (updated) assertEq(_spot(), median, "lower median");
    }

    /// @dev Any sequence of reports and time steps: each accepted value is the clamp of its median around
    /// the previous value (so |new - last| * 10_000 <= last * maxDeviationBps), and values are at least
    /// minSpacing apart.
    function testFuzz_submit_deviationCapAndSpacingHold(uint256[48] memory raw, uint16 deviationBps) public {
        deviationBps = SafeCast.toUint16(bound(deviationBps, 1, BPS));
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxDeviationBps = deviationBps;
        config.maxSpreadBps = type(uint16).max;
        _configure(config);

        uint256 last;
        uint256 lastTime;
        for (uint256 i; i < raw.length; ++i) {
            uint256 feeder = raw[i] % FEEDER_COUNT;
            uint256 price = bound(uint256(keccak256(abi.encode(raw[i]))), 1 ether, 3 ether);
            skip(bound(raw[i] >> 128, 0, 8 minutes));
            vm.recordLogs();
            if (!_submit(feeder, price)) continue;

            (uint256 current, uint256 updatedAt,) = oracle.latestPrice(collection);
            uint256 median = _medianFromLogs();
            if (last != 0) {
                uint256 move = current > last ? current - last : last - current;
                assertLe(move * BPS, last * deviationBps, "deviation cap");
                assertEq(current, _referenceClamp(median, last, deviationBps), "clamped median");
                assertGe(updatedAt - lastTime, MIN_SPACING, "spacing");
            } else {
                assertEq(current, median, "first value unclamped");
            }
            (last, lastTime) = (current, updatedAt);
        }
    }

    /// @dev One liar among four honest feeders, any price: the value stays within the honest range (or the
    /// spread check rejects the set).
    function testFuzz_submit_oneLiarCannotLeaveHonestRange(
        uint256[4] memory honestRaw,
        uint256 lie,
        uint256 liarPosition,
        bool wideSpread
    ) public {
        if (wideSpread) {
            IFloorOracle.CollectionConfig memory config = _defaultConfig();
            config.maxSpreadBps = type(uint16).max;
            _configure(config);
        }
        lie = bound(lie, 1, type(uint128).max);
        liarPosition = bound(liarPosition, 0, 4);
        _quorum(FLOOR);
        uint256 low = type(uint256).max;
        uint256 high;
        // All five report before the spacing ends; one more honest report after it triggers the update.
        uint256 honestIndex;
        for (uint256 i; i < FEEDER_COUNT; ++i) {
            if (i == liarPosition) {
                _submit(i, lie);
                continue;
            }
            uint256 price = bound(honestRaw[honestIndex], 9.5 ether, 10.5 ether);
            ++honestIndex;
            if (price < low) low = price;
            if (price > high) high = price;
            _submit(i, price);
        }
        skip(MIN_SPACING);
        uint256 lastHonest = liarPosition == 0 ? 1 : 0;
        (uint256 repeated,) = oracle.latestReport(collection, feeders[lastHonest]);
        bool updated = _submit(lastHonest, repeated);

        if (updated) {
            assertGe(_spot(), low, "not below the honest range");
            assertLe(_spot(), high, "not above the honest range");
        } else {
            assertEq(_spot(), FLOOR, "rejected: price kept");
        }
    }

    /// @dev A report that aged past maxReportAge, or was submitted before the last value, never counts:
    /// the value is the median of the fresh reports only.
    function testFuzz_submit_staleReportNeverCounts(uint256 stalePrice, uint256[3] memory freshRaw, bool aged)
        public
    {
        // When it reports before the last value it takes part in that value: keep that set's spread valid.
        stalePrice = aged ? bound(stalePrice, 1, type(uint128).max) : bound(stalePrice, 1, 7 * FLOOR);
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxSpreadBps = type(uint16).max;
        config.maxDeviationBps = NO_CLAMP_BPS;
        _configure(config);
        _quorum(FLOOR);

        if (aged) {
            // Reported after the last value, then too old by the time of the quorum.
            skip(MIN_SPACING);
            _submit(4, stalePrice);
            skip(MAX_REPORT_AGE + 1);
        } else {
            // Reported before the quorum of round 2 completed: it belongs to that value.
            _submit(0, FLOOR);
            _submit(1, FLOOR);
            _submit(4, stalePrice);
            skip(MIN_SPACING);
            assertTrue(_submit(2, FLOOR), "round 2");
            skip(MIN_SPACING);
        }
        uint256[] memory fresh = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            fresh[i] = bound(freshRaw[i], 9 ether, 11 ether);
        }
        assertFalse(_submit(0, fresh[0]), "one fresh report");
        assertFalse(_submit(1, fresh[1]), "two fresh reports: the stale one does not make a quorum");
        assertTrue(_submit(3, fresh[2]), "three fresh reports");
        assertEq(_spot(), _referenceMedian(fresh), "median of the fresh reports");
    }

    /// @dev Reports whose spread exceeds the limit never make a value, whether the outlier is high or low.
    function testFuzz_submit_spreadAttackRejected(uint256 honest, uint256 excessBps, bool attackerHigh)
        public
    {
        honest = bound(honest, 1 ether, 1000 ether);
        uint256 outlier;
        if (attackerHigh) {
            excessBps = bound(excessBps, 0, 50_000);
            outlier = honest + honest * (MAX_SPREAD_BPS + excessBps) / BPS + 1;
        } else {
            excessBps = bound(excessBps, 0, BPS - MAX_SPREAD_BPS - 1);
            outlier = honest * (BPS - MAX_SPREAD_BPS - excessBps) / BPS - 1;
        }

        _submit(0, honest);
        _submit(1, honest);
        (uint256 low, uint256 high) = attackerHigh ? (honest, outlier) : (outlier, honest);
        vm.expectEmit(address(oracle));
        emit IFloorOracle.SpreadTooWide(collection, low, high, honest);
        bool updated = _submit(2, outlier);

        assertFalse(updated, "rejected");
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.latestPrice(collection);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _addFeeders(uint256 total) internal {
        vm.startPrank(owner);
        for (uint256 i = feeders.length; i < total; ++i) {
            address feeder = makeAddr(string.concat("feeder", vm.toString(i)));
            feeders.push(feeder);
            oracle.setFeeder(collection, feeder, true);
        }
        vm.stopPrank();
    }

    function _referenceClamp(uint256 median, uint256 last, uint256 deviationBps)
        internal
        pure
        returns (uint256)
    {
        uint256 maxMove = last * deviationBps / BPS;
        if (median > last + maxMove) return last + maxMove;
        if (median + maxMove < last) return last - maxMove;
        return median;
    }

    /// @dev The `median` field of the PriceUpdated log recorded since `vm.recordLogs()`.
    function _medianFromLogs() internal returns (uint256 median) {
        bytes32 topic = IFloorOracle.PriceUpdated.selector;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == topic) {
                (, median,) = abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
        assertTrue(median != 0, "PriceUpdated logged");
    }
}
