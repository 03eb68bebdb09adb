// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Incident class: feeders (or their data sources) disagreeing on purpose or by error, and a
/// colluding quorum. ParaSpace's NFTFloorOracle accepted any median within 3x of the last price; here a
/// set whose spread exceeds maxSpreadBps is rejected outright, and even a colluding quorum moves the
/// value by at most maxDeviationBps per minSpacing while borrowing follows min(spot, TWAP).
contract SpreadAttackTest is FloorOracleBaseTest {
    function setUp() public override {
        super.setUp();
        _quorum(10 ether);
    }

    function test_spreadAttack_twoColludersCannotLeaveTheHonestRange() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxSpreadBps = type(uint16).max; // even without the spread check
        _configure(config);
        // All five report during the spacing; the value comes from all five.
        _submit(3, 50 ether);
        _submit(4, 50 ether);
        _submit(0, 9.9 ether);
        _submit(1, 10 ether);
        skip(MIN_SPACING);
        assertTrue(_submit(2, 10.1 ether), "updated");

        assertEq(_spot(), 10.1 ether, "median of five = highest honest report, not the colluders'");
    }

    function test_spreadAttack_twoColludersFirstInASetOfThreeMoveAtMostTheClamp() public {
        // Quorum 3 tolerates one liar: two colluders who report first, inside the spread limit, are the
        // majority of the first set of three. They move the value by at most the clamp.
        skip(MIN_SPACING);
        _submit(3, 11.4 ether);
        _submit(4, 11.4 ether);
        assertTrue(_submit(0, 10 ether), "updated");
        assertEq(_spot(), 11 ether, "colluders' median, clamped to +10%");
        assertEq(oracle.borrowPrice(collection), 10 ether, "borrowing still at the TWAP");
    }

    function test_spreadAttack_wideSetIsRejectedAndFlagged() public {
        skip(MIN_SPACING);
        _submit(3, 50 ether);
        _submit(0, 10 ether);
        vm.expectEmit(address(oracle));
        emit IFloorOracle.SpreadTooWide(collection, 10 ether, 50 ether, 10 ether);
        assertFalse(_submit(1, 10 ether), "rejected");
        assertEq(_spot(), 10 ether, "price kept");
    }

    function test_spreadAttack_stallingOnlyBlocksBorrowingUntilTheFeederIsRemoved() public {
        // The attacker keeps a fresh outlier in every set.
        for (uint256 i; i < 6; ++i) {
            skip(30 minutes);
            _submit(3, 50 ether);
            _submit(i % 3, 9.5 ether);
        }
        assertEq(_roundId(), 1, "stalled");
        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.StalePrice.selector, collection, START_TIME, MAX_STALENESS)
        );
        oracle.borrowPrice(collection);
        assertEq(oracle.liquidationPrice(collection), 10 ether, "liquidations keep the last value");

        vm.prank(owner);
        oracle.setFeeder(collection, feeders[3], false);
        assertTrue(_submit(0, 9.5 ether), "honest quorum resumes");
        assertEq(_spot(), 9.5 ether, "price");
    }

    function test_spreadAttack_collidingQuorumPumpMovesBorrowPriceLittle() public {
        // A fresh, flat window at 10, then three of five feeders collude to pump the floor +10% (the clamp)
        // every 10 minutes for an hour.
        _hold(10 ether, TWAP_WINDOW);
        uint256 pumped = 10 ether;
        for (uint256 i; i < 6; ++i) {
            pumped = pumped * 11 / 10;
            _nextRound(pumped);
        }
        assertEq(_spot(), 17.71561 ether, "spot +77% after six clamped steps");
        // TWAP over 6 h: 5 h 10 min at 10, then 10 min at each of the first five pumped values.
        uint256 pumpedSum = 11 ether + 12.1 ether + 13.31 ether + 14.641 ether + 16.1051 ether;
        uint256 expectedTwap = (310 minutes * 10 ether + 10 minutes * pumpedSum) / 6 hours;
        assertEq(oracle.twap(collection), expectedTwap, "twap");
        assertLt(oracle.borrowPrice(collection), 10.5 ether, "borrowing moved by less than 5%");
    }
}
