// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../../../src/interfaces/AggregatorV3Interface.sol";
import {FloorFeed} from "../../../src/oracle/FloorFeed.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Two adapters over the base test's collection: `ethFloorFeed` in ETH (18 decimals) and
/// `usdFloorFeed` quoted through the project's own PriceFeed as ETH / USD (8 decimals).
abstract contract FloorFeedBaseTest is FloorOracleBaseTest {
    FloorFeed internal ethFloorFeed;
    FloorFeed internal usdFloorFeed;

    function setUp() public virtual override {
        super.setUp();
        ethFloorFeed = new FloorFeed(oracle, collection, "Demo / ETH", AggregatorV3Interface(address(0)));
        usdFloorFeed = new FloorFeed(oracle, collection, "Demo / USD", ethFeed);
        vm.label(address(ethFloorFeed), "ethFloorFeed");
        vm.label(address(usdFloorFeed), "usdFloorFeed");
    }

    function _assertRoundData(
        uint80 expectedRoundId,
        int256 expectedAnswer,
        uint256 expectedUpdatedAt,
        uint80 roundId,
        int256 answer,
        uint256 startedAt,
        uint256 updatedAt,
        uint80 answeredInRound
    ) internal pure {
        assertEq(roundId, expectedRoundId, "roundId");
        assertEq(answer, expectedAnswer, "answer");
        assertEq(startedAt, expectedUpdatedAt, "startedAt");
        assertEq(updatedAt, expectedUpdatedAt, "updatedAt");
        assertEq(answeredInRound, expectedRoundId, "answeredInRound");
    }
}
