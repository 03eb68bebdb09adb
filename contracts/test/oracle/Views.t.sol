// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";

/// @notice latestPrice, getRound, collectionConfig, feeders, latestReport.
contract ViewsTest is FloorOracleBaseTest {
    function test_latestPrice_revertsBeforeTheFirstValue() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.latestPrice(collection);
    }

    function test_latestPrice_returnsTheLastRound() public {
        _quorum(FLOOR);
        _nextRound(10.2 ether);
        skip(1 days);

        (uint256 price, uint256 updatedAt, uint256 roundId) = oracle.latestPrice(collection);
        assertEq(price, 10.2 ether, "price");
        assertEq(updatedAt, START_TIME + MIN_SPACING, "a stale value keeps its time");
        assertEq(roundId, 2, "roundId");
    }

    function test_getRound_returnsEveryPastRound() public {
        _quorum(10 ether);
        _nextRound(10.5 ether);
        _nextRound(10.1 ether);

        _assertRound(1, 10 ether, START_TIME);
        _assertRound(2, 10.5 ether, START_TIME + MIN_SPACING);
        _assertRound(3, 10.1 ether, START_TIME + 2 * MIN_SPACING);
    }

    function test_getRound_revertsForRoundZero() public {
        _quorum(FLOOR);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, 0));
        oracle.getRound(collection, 0);
    }

    function test_getRound_revertsAfterTheLatest() public {
        _quorum(FLOOR);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, 2));
        oracle.getRound(collection, 2);
    }

    function test_getRound_collectionsAreIndependent() public {
        vm.prank(owner);
        oracle.configure(otherCollection, _defaultConfig());
        _quorum(FLOOR);

        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, otherCollection, 1));
        oracle.getRound(otherCollection, 1);
    }

    function test_collectionConfig_zeroForUnlisted() public view {
        IFloorOracle.CollectionConfig memory config = oracle.collectionConfig(otherCollection);
        assertEq(config.quorum, 0, "quorum 0 = not listed");
        assertEq(config.twapWindow, 0, "twapWindow");
    }

    function test_feeders_inOrderOfAuthorisation() public view {
        address[] memory list = oracle.feeders(collection);
        assertEq(list.length, FEEDER_COUNT, "count");
        for (uint256 i; i < FEEDER_COUNT; ++i) {
            assertEq(list[i], feeders[i], "order");
        }
    }

    function test_feeders_emptyForUnlisted() public view {
        assertEq(oracle.feeders(otherCollection).length, 0, "none");
    }

    function test_latestReport_zeroForNonFeederAndBeforeReporting() public view {
        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, stranger);
        assertEq(price + timestamp, 0, "stranger");
        (price, timestamp) = oracle.latestReport(collection, feeders[0]);
        assertEq(price + timestamp, 0, "feeder before reporting");
    }

    function test_latestReport_keptAfterTheValueItMade() public {
        _quorum(FLOOR);
        skip(1 hours);
        (uint256 price, uint256 timestamp) = oracle.latestReport(collection, feeders[2]);
        assertEq(price, FLOOR, "price");
        assertEq(timestamp, START_TIME, "timestamp");
    }

    function testFuzz_getRound_revertsForUnknownRound(uint8 rounds, uint256 roundId) public {
        rounds = uint8(bound(rounds, 0, 6));
        for (uint256 i; i < rounds; ++i) {
            _nextRound(FLOOR);
        }
        vm.assume(roundId == 0 || roundId > rounds);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, roundId));
        oracle.getRound(collection, roundId);
    }

    function _assertRound(uint256 roundId, uint256 price, uint256 updatedAt) internal view {
        IFloorOracle.Round memory round = oracle.getRound(collection, roundId);
        assertEq(round.price, price, "price");
        assertEq(round.updatedAt, updatedAt, "updatedAt");
    }
}
