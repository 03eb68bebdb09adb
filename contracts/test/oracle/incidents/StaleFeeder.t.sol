// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Incident class: a stale feeder. BendDAO's NFTOracle had no time-based staleness and
/// JPEG'd's aggregator none at all; ParaSpace counted any feeder price younger than its expiry. Here a
/// report counts once, only toward the next value and only while younger than maxReportAge, and the
/// value itself goes stale for borrowing after maxStaleness.
contract StaleFeederTest is FloorOracleBaseTest {
    function setUp() public override {
        super.setUp();
        _quorum(10 ether);
    }

    function test_staleFeeder_frozenNodeCannotHoldThePriceUp() public {
        // Feeder 4's node froze after reporting 10; the market then falls.
        _submit(4, 10 ether);
        skip(MAX_REPORT_AGE + 1);
        assertFalse(_submit(0, 9.2 ether), "one fresh report");
        assertFalse(_submit(1, 9.2 ether), "the frozen report does not complete the quorum");
        assertTrue(_submit(2, 9.3 ether), "three fresh reports");

        assertEq(_spot(), 9.2 ether, "median of the fresh reports only");
    }

    function test_staleFeeder_reportFromBeforeTheLastValueIsNotReused() public {
        skip(MIN_SPACING);
        _submit(0, 10.2 ether);
        _submit(1, 10.2 ether);
        assertTrue(_submit(2, 10.2 ether), "round 2");
        skip(MIN_SPACING);

        // Only one feeder reports after round 2: the three reports that made round 2 stay spent.
        assertFalse(_submit(3, 10.4 ether), "one new report plus old ones is not a quorum");
        assertEq(_roundId(), 2, "round");
    }

    function test_staleFeeder_lateLandingTransactionCountsAsOneReportOnly() public {
        // A feeder's transaction carrying yesterday's 11.5 is mined only now: the oracle dates it by the
        // block, so it is fresh (limitation, see docs); it is one report, and the median stays honest.
        _submit(0, 11.5 ether);
        _submit(1, 10.1 ether);
        _submit(2, 10.2 ether);
        skip(MIN_SPACING);
        assertTrue(_submit(3, 10.15 ether), "updated");

        assertEq(_spot(), 10.15 ether, "lower median of 10.1, 10.15, 10.2, 11.5");
    }

    function test_staleFeeder_silentFeedersMakeThePriceStaleForBorrowingOnly() public {
        skip(MAX_STALENESS + 1);

        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.StalePrice.selector, collection, START_TIME, MAX_STALENESS)
        );
        oracle.borrowPrice(collection);
        assertEq(oracle.liquidationPrice(collection), 10 ether, "liquidations keep a price");
    }
}
