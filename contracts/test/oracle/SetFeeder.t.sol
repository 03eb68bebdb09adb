// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract SetFeederTest is FloorOracleBaseTest {
    function test_setFeeder_authorisesFeeder() public {
        vm.prank(owner);
        oracle.setFeeder(collection, alice, true);

        address[] memory list = oracle.feeders(collection);
        assertEq(list.length, FEEDER_COUNT + 1, "count");
        assertEq(list[FEEDER_COUNT], alice, "appended");
        vm.prank(alice);
        oracle.submit(collection, FLOOR);
    }

    function test_setFeeder_emitsFeederSet() public {
        vm.expectEmit(address(oracle));
        emit IFloorOracle.FeederSet(collection, alice, true);
        vm.prank(owner);
        oracle.setFeeder(collection, alice, true);

        vm.expectEmit(address(oracle));
        emit IFloorOracle.FeederSet(collection, alice, false);
        vm.prank(owner);
        oracle.setFeeder(collection, alice, false);
    }

    function test_setFeeder_removalMovesTheLastFeederWithItsReport() public {
        _submit(4, 10.3 ether);
        vm.prank(owner);
        oracle.setFeeder(collection, feeders[1], false);

        address[] memory list = oracle.feeders(collection);
        assertEq(list.length, FEEDER_COUNT - 1, "count");
        assertEq(list[0], feeders[0], "0 stays");
        assertEq(list[1], feeders[4], "the last feeder fills the gap");
        assertEq(list[2], feeders[2], "2 stays");
        assertEq(list[3], feeders[3], "3 stays");
        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, feeders[4]);
        assertEq(price, 10.3 ether, "moved report");
        assertEq(timestamp, START_TIME, "moved timestamp");
        (price, timestamp) = oracle.latestReport(collection, feeders[1]);
        assertEq(price + timestamp, 0, "removed feeder has no report");

        _submit(0, 10.3 ether);
        assertTrue(_submit(2, 10.3 ether), "the moved report still counts");
    }

    function test_setFeeder_removingTheLastFeeder() public {
        _submit(4, FLOOR);
        vm.prank(owner);
        oracle.setFeeder(collection, feeders[4], false);

        assertEq(oracle.feeders(collection).length, FEEDER_COUNT - 1, "count");
        _submit(0, FLOOR);
        assertFalse(_submit(1, FLOOR), "feeder 4's report is gone");
        assertTrue(_submit(2, FLOOR), "quorum of the remaining feeders");
    }

    function test_setFeeder_removalOfACountedReportThenNewFeeder() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        vm.startPrank(owner);
        oracle.setFeeder(collection, feeders[0], false);
        oracle.setFeeder(collection, alice, true);
        vm.stopPrank();

        assertFalse(_submit(2, FLOOR), "reports of 1 and 2");
        vm.prank(alice);
        oracle.submit(collection, FLOOR);
        assertEq(_roundId(), 1, "1, 2 and alice make the quorum");
    }

    /// @dev The count of reports toward the next value drops with a removed feeder's report: removing and
    /// re-adding a feeder 300 times within one value's epoch neither inflates it (it is 8 bits) nor makes a
    /// value from one feeder.
    function test_setFeeder_churnWithinAnEpochKeepsTheQuorumHonest() public {
        for (uint256 i; i < 300; ++i) {
            _submit(0, FLOOR);
            vm.startPrank(owner);
            oracle.setFeeder(collection, feeders[0], false);
            oracle.setFeeder(collection, feeders[0], true);
            vm.stopPrank();
        }
        _submit(1, FLOOR);
        assertFalse(_submit(0, FLOOR), "two reports");
        assertTrue(_submit(2, FLOOR), "three reports");
    }

    function test_setFeeder_isIdempotent() public {
        vm.startPrank(owner);
        oracle.setFeeder(collection, feeders[0], true);
        oracle.setFeeder(collection, alice, false);
        vm.stopPrank();

        assertEq(oracle.feeders(collection).length, FEEDER_COUNT, "no duplicate, nothing removed");
    }

    function test_setFeeder_revertsAboveMaxFeeders() public {
        vm.startPrank(owner);
        for (uint256 i = FEEDER_COUNT; i < 15; ++i) {
            oracle.setFeeder(collection, makeAddr(string.concat("extra", vm.toString(i))), true);
        }
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.TooManyFeeders.selector, collection, 15));
        oracle.setFeeder(collection, alice, true);

        // Removing one makes room again.
        oracle.setFeeder(collection, feeders[0], false);
        oracle.setFeeder(collection, alice, true);
        vm.stopPrank();
        assertEq(oracle.feeders(collection).length, 15, "full");
    }

    function test_setFeeder_revertsForUnlistedCollection() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.CollectionNotListed.selector, otherCollection));
        vm.prank(owner);
        oracle.setFeeder(otherCollection, alice, true);
    }

    function test_setFeeder_revertsForZeroFeeder() public {
        vm.expectRevert(_invalidParameter("feeder", 0));
        vm.prank(owner);
        oracle.setFeeder(collection, address(0), true);
    }

    /// @dev Missing caller check class: a feeder must not be able to add feeders.
    function test_setFeeder_revertsWhenCallerIsFeeder() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, feeders[0]));
        vm.prank(feeders[0]);
        oracle.setFeeder(collection, alice, true);
    }

    function test_setFeeder_revertsWhenCallerIsGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        oracle.setFeeder(collection, feeders[0], false);
    }

    /// @dev Any sequence of grants and revocations over eight accounts: the feeder list is the model's
    /// set, each feeder keeps its own report, and non-feeders have none.
    function testFuzz_setFeeder_matchesModel(uint8[32] memory ops) public {
        address[8] memory accounts;
        for (uint256 i; i < 8; ++i) {
            accounts[i] = i < FEEDER_COUNT ? feeders[i] : makeAddr(string.concat("candidate", vm.toString(i)));
        }
        bool[8] memory isFeeder = [true, true, true, true, true, false, false, false];
        for (uint256 step; step < ops.length; ++step) {
            uint256 who = ops[step] % 8;
            bool grant = ops[step] & 0x80 != 0;
            vm.prank(owner);
            oracle.setFeeder(collection, accounts[who], grant);
            isFeeder[who] = grant;
            // Every feeder reports its index + 1 ether, so a mixed-up report is visible.
            if (grant) {
                vm.prank(accounts[who]);
                oracle.submit(collection, (who + 1) * 1 ether);
            }
        }
        address[] memory list = oracle.feeders(collection);
        uint256 expectedCount;
        for (uint256 i; i < 8; ++i) {
            bool listed;
            for (uint256 j; j < list.length; ++j) {
                if (list[j] == accounts[i]) listed = true;
            }
            assertEq(listed, isFeeder[i], "membership");
            if (isFeeder[i]) ++expectedCount;
            (uint256 price,) = oracle.latestReport(collection, accounts[i]);
            if (!isFeeder[i]) assertEq(price, 0, "no report");
            else if (price != 0) assertEq(price, (i + 1) * 1 ether, "own report");
        }
        assertEq(list.length, expectedCount, "count");
    }
}
