// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Incident class: oracle-update front-running, seen from the borrower's side. A borrower who sees
/// a quorum-completing report in the mempool can borrow before a fall lands (at most the value the
/// oracle already holds, and the fall lands at most one clamp step at a time) and cannot borrow against a
/// rise at all: borrowPrice = min(spot, TWAP) and the TWAP gives a new value zero weight at its instant.
contract UpdateFrontRunningTest is FloorOracleBaseTest {
    function setUp() public override {
        super.setUp();
        // A flat, fresh history: 10 for a whole TWAP window.
        _quorum(10 ether);
        _hold(10 ether, TWAP_WINDOW);
        skip(MIN_SPACING);
    }

    function test_frontRun_borrowBeforeAFifteenPercentDrop() public {
        _submit(0, 8.5 ether);
        _submit(1, 8.5 ether);
        uint256 before = oracle.borrowPrice(collection);
        assertEq(before, 10 ether, "the front-runner borrows at the value already accepted");

        assertTrue(_submit(2, 8.5 ether), "the pending report lands");
        assertEq(oracle.borrowPrice(collection), 9 ether, "the fall lands one clamp step (10%) at a time");
        assertEq(oracle.liquidationPrice(collection), 10 ether, "liquidation follows the TWAP, not the jump");

        _nextRound(8.5 ether);
        assertEq(oracle.borrowPrice(collection), 8.5 ether, "the rest lands after the spacing");
        // What the front-runner gained over a borrower after the update: (10 - 9) / 10 of the LTV, never
        // more than maxDeviationBps; pools keep their LTV margin above it.
        assertLe((before - 9 ether) * BPS, before * MAX_DEVIATION_BPS, "bounded by the clamp");
    }

    function test_frontRun_pendingRiseCannotBeBorrowedAgainst() public {
        _submit(0, 11.5 ether);
        _submit(1, 11.5 ether);
        uint256 before = oracle.borrowPrice(collection);

        assertTrue(_submit(2, 11.5 ether), "the +15% report lands (clamped to +10%)");
        assertEq(_spot(), 11 ether, "spot");
        assertEq(oracle.borrowPrice(collection), before, "the new value has no weight yet: nothing to gain");
    }

    function test_frontRun_borrowPriceLagsEveryRise() public {
        assertTrue(_quorum(11 ether), "+10%");
        _hold(11 ether, 1 hours);
        // 5 h at 10 and 1 h at 11.
        assertEq(oracle.borrowPrice(collection), 10.166666666666666666 ether, "one hour after the rise");
        _hold(11 ether, 2 hours);
        assertEq(oracle.borrowPrice(collection), 10.5 ether, "three hours after");
        _hold(11 ether, 3 hours);
        assertEq(oracle.borrowPrice(collection), 11 ether, "a full window after");
    }
}
