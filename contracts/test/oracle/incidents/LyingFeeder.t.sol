// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Incident class: one lying (or broken) feeder. With a single admin feeder (BendDAO's
/// NFTOracle) one key sets the price; here one feeder among five can neither move the median outside
/// the honest reports nor make a value alone. A lie beyond the spread limit stalls updates instead
/// (SpreadTooWide) until the owner removes the feeder: a stale price blocks new borrowing only.
contract LyingFeederTest is FloorOracleBaseTest {
    uint256 internal constant LIAR = 4;

    function setUp() public override {
        super.setUp();
        _quorum(10 ether);
    }

    function test_lyingFeeder_farOffReportStallsUpdatesUntilRemoved() public {
        // The liar reports 10x right after the value, then the honest feeders report.
        _submit(LIAR, 100 ether);
        skip(MIN_SPACING);
        _submit(0, 10.1 ether);
        vm.expectEmit(address(oracle));
        emit IFloorOracle.SpreadTooWide(collection, 10.1 ether, 100 ether, 10.1 ether);
        assertFalse(_submit(1, 10.1 ether), "the lie is in every set: no update");
        assertFalse(_submit(2, 10.1 ether), "still no update");
        assertEq(_spot(), 10 ether, "price unchanged, not moved toward the lie");

        vm.prank(owner);
        oracle.setFeeder(collection, feeders[LIAR], false);
        assertTrue(_submit(3, 10.1 ether), "without the liar the honest quorum updates");
        assertEq(_spot(), 10.1 ether, "honest median");
    }

    function test_lyingFeeder_lieWithinTheSpreadStaysInsideTheHonestRange() public {
        // +14.9%: inside the 15% spread, so the set is accepted; the median is still an honest report.
        _submit(LIAR, 11.6 ether);
        _submit(0, 10.1 ether);
        _submit(1, 10.3 ether);
        _submit(2, 10.2 ether);
        skip(MIN_SPACING);
        assertTrue(_submit(3, 10.15 ether), "updated");

        assertEq(_spot(), 10.2 ether, "lower median of 10.1, 10.15, 10.2, 10.3, 11.6");
    }

    function test_lyingFeeder_lowLieCannotDragTheLiquidationPrice() public {
        skip(TWAP_WINDOW);
        _submit(LIAR, 8.6 ether);
        _submit(0, 10 ether);
        assertTrue(_submit(1, 10 ether), "updated");

        assertEq(_spot(), 10 ether, "median ignores the low lie");
        assertEq(oracle.liquidationPrice(collection), 10 ether, "no liquidation from one feeder");
    }

    function test_lyingFeeder_aloneNeverMakesAValue() public {
        skip(MIN_SPACING);
        for (uint256 i; i < 10; ++i) {
            _submit(LIAR, 11 ether);
            skip(MIN_SPACING);
        }
        assertEq(_roundId(), 1, "one feeder is never a quorum, however often it reports");
    }
}
