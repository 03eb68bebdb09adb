// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorFeed} from "../../../src/interfaces/IFloorFeed.sol";
import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorFeedBaseTest} from "./FloorFeedBaseTest.sol";

/// @notice getRoundData: every floor round in ETH mode, the latest only in USD mode.
contract FloorFeedGetRoundDataTest is FloorFeedBaseTest {
    function setUp() public override {
        super.setUp();
        _pushAnswer(ethFeed, ETH_PRICE);
        _quorum(10 ether);
        _nextRound(10.5 ether);
        _nextRound(10.2 ether);
    }

    function test_getRoundData_ethModeReturnsEveryRound() public view {
        uint256[3] memory prices = [uint256(10 ether), 10.5 ether, 10.2 ether];
        for (uint80 id = 1; id <= 3; ++id) {
            (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
                ethFloorFeed.getRoundData(id);
            _assertRoundData(
                id,
                int256(prices[id - 1]),
                START_TIME + (id - 1) * MIN_SPACING,
                roundId,
                answer,
                startedAt,
                updatedAt,
                answeredInRound
            );
        }
    }

    function test_getRoundData_ethModeRevertsForUnknownRounds() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, 0));
        ethFloorFeed.getRoundData(0);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, 4));
        ethFloorFeed.getRoundData(4);
    }

    function test_getRoundData_usdModeReturnsTheLatestRound() public view {
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            usdFloorFeed.getRoundData(3);
        (uint80 latestId, int256 latestAnswer,, uint256 latestUpdatedAt,) = usdFloorFeed.latestRoundData();
        assertEq(roundId, latestId, "roundId");
        assertEq(answer, latestAnswer, "answer");
        assertEq(answer, 35_700e8, "10.2 ETH at 3,500 USD");
        assertEq(updatedAt, latestUpdatedAt, "updatedAt");
        assertEq(startedAt, START_TIME, "dated by the older ETH / USD answer");
        assertEq(answeredInRound, 3, "answeredInRound");
    }

    function test_getRoundData_usdModeRevertsForPastRounds() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFloorFeed.QuotedRoundUnavailable.selector, uint80(2), uint80(3))
        );
        usdFloorFeed.getRoundData(2);
        vm.expectRevert(
            abi.encodeWithSelector(IFloorFeed.QuotedRoundUnavailable.selector, uint80(4), uint80(3))
        );
        usdFloorFeed.getRoundData(4);
    }

    function testFuzz_getRoundData_ethModeMatchesTheOracle(uint80 roundId) public {
        if (roundId == 0 || roundId > 3) {
            vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, roundId));
            ethFloorFeed.getRoundData(roundId);
            return;
        }
        IFloorOracle.Round memory round = oracle.getRound(collection, roundId);
        (uint80 id, int256 answer,, uint256 updatedAt,) = ethFloorFeed.getRoundData(roundId);
        assertEq(id, roundId, "id");
        assertEq(answer, int256(uint256(round.price)), "answer");
        assertEq(updatedAt, round.updatedAt, "updatedAt");
    }
}
