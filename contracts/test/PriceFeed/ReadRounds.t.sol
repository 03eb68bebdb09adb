// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {IPriceFeed} from "../../src/interfaces/IPriceFeed.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice getRoundData and latestRoundData.
contract PriceFeedReadRoundsTest is BaseTest {
    function test_getRoundData_returnsEveryPastRound() public {
        _pushHourlyRounds(btcFeed, 3, BTC_PRICE);

        _assertRound(btcFeed, 1, BTC_PRICE, START_TIME);
        _assertRound(btcFeed, 2, BTC_PRICE + 1e8, START_TIME + 1 hours);
        _assertRound(btcFeed, 3, BTC_PRICE + 2e8, START_TIME + 2 hours);
    }

    function test_getRoundData_revertsForRoundZero() public {
        _pushAnswer(btcFeed, BTC_PRICE);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(0)));
        btcFeed.getRoundData(0);
    }

    function test_getRoundData_revertsForRoundAfterLatest() public {
        _pushAnswer(btcFeed, BTC_PRICE);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(2)));
        btcFeed.getRoundData(2);
    }

    function test_getRoundData_revertsOnEmptyFeed() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(1)));
        btcFeed.getRoundData(1);
    }

    function test_latestRoundData_revertsOnEmptyFeed() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(0)));
        btcFeed.latestRoundData();
    }

    function test_latestRoundData_keepsOldRoundWhenNoUpdate() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(7 days);

        (uint80 roundId, int256 answer,, uint256 updatedAt,) = btcFeed.latestRoundData();
        assertEq(roundId, 1, "roundId");
        assertEq(answer, BTC_PRICE, "answer");
        assertEq(updatedAt, START_TIME, "a stale round keeps its timestamp");
    }

    function test_latestRoundData_feedsAreIndependent() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        _pushAnswer(ethFeed, ETH_PRICE);
        _pushAnswer(ethFeed, ETH_PRICE + 1);

        (uint80 btcRound, int256 btcAnswer,,,) = btcFeed.latestRoundData();
        (uint80 ethRound, int256 ethAnswer,,,) = ethFeed.latestRoundData();
        assertEq(btcRound, 1, "btc round");
        assertEq(btcAnswer, BTC_PRICE, "btc answer");
        assertEq(ethRound, 2, "eth round");
        assertEq(ethAnswer, ETH_PRICE + 1, "eth answer");
    }

    function testFuzz_getRoundData_revertsForUnknownRound(uint8 written, uint80 roundId) public {
        PriceFeed feed = btcFeed;
        for (uint256 i; i < written; ++i) {
            _pushAnswer(feed, BTC_PRICE);
        }
        vm.assume(roundId == 0 || roundId > written);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, roundId));
        feed.getRoundData(roundId);
    }
}
