// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {TickerLens} from "../../src/periphery/TickerLens.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {SilentFallback} from "../mocks/SilentFallback.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice quote and quoteFeeds on single feeds, including broken and unusual ones.
contract TickerLensQuoteTest is BaseTest {
    function test_quote_singleRoundFeed() public {
        _pushAnswer(btcFeed, BTC_PRICE);

        TickerLens.Quote memory quote = lens.quote(address(btcFeed), START_TIME);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.roundId, 1, "roundId");
        assertEq(quote.pastRoundId, 1, "pastRoundId");
        assertEq(quote.pastAnswer, BTC_PRICE, "pastAnswer");
        assertEq(quote.pastUpdatedAt, START_TIME, "pastUpdatedAt");
    }

    function test_quote_singleRoundFeedSinceBeforeItHasNoPastRound() public {
        _pushAnswer(btcFeed, BTC_PRICE);

        TickerLens.Quote memory quote = lens.quote(address(btcFeed), START_TIME - 1);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.answer, BTC_PRICE, "answer");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
        assertEq(quote.pastAnswer, 0, "pastAnswer");
        assertEq(quote.pastUpdatedAt, 0, "pastUpdatedAt");
    }

    /// @dev Several rounds in one block: the search returns the last of them, like the latest round does.
    function test_quote_equalTimestampsReturnLastRoundAtThatTime() public {
        _pushAnswer(btcFeed, 1e8);
        skip(1 hours);
        _pushAnswer(btcFeed, 2e8);
        _pushAnswer(btcFeed, 3e8);
        _pushAnswer(btcFeed, 4e8);
        skip(1 hours);
        _pushAnswer(btcFeed, 5e8);

        TickerLens.Quote memory quote = lens.quote(address(btcFeed), START_TIME + 1 hours);

        assertEq(quote.pastRoundId, 4, "pastRoundId");
        assertEq(quote.pastAnswer, 4e8, "pastAnswer");
    }

    /// @dev The lens reports what the feed says; judging answers is FeedReaderLib's job.
    function test_quote_reportsNonPositiveAnswersAsIs() public {
        _pushAnswer(btcFeed, -5);

        TickerLens.Quote memory quote = lens.quote(address(btcFeed), block.timestamp);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.answer, -5, "answer");
        assertEq(quote.pastAnswer, -5, "pastAnswer");
    }

    function test_quote_feedWithoutCodeHasNoData() public view {
        TickerLens.Quote memory quote = lens.quote(alice, block.timestamp);

        _assertNoData(quote, alice);
    }

    function test_quote_emptyFeedHasNoData() public view {
        TickerLens.Quote memory quote = lens.quote(address(btcFeed), block.timestamp);

        _assertNoData(quote, address(btcFeed));
    }

    function test_quote_contractThatIsNotAFeedHasNoData() public view {
        TickerLens.Quote memory quote = lens.quote(address(registry), block.timestamp);

        _assertNoData(quote, address(registry));
    }

    function test_quote_accountReturningNothingHasNoData() public {
        address silent = address(new SilentFallback());

        TickerLens.Quote memory result = lens.quote(silent, block.timestamp);

        assertFalse(result.hasData, "hasData");
        assertEq(result.feed, silent, "feed");
    }

    function test_quote_revertingDecimalsHasNoData() public {
        MockAggregator feed = new MockAggregator(USD_DECIMALS);
        feed.pushRound(BTC_PRICE, block.timestamp);
        feed.setReverts(false, false, true);

        TickerLens.Quote memory quote = lens.quote(address(feed), block.timestamp);

        assertFalse(quote.hasData, "hasData");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
    }

    /// @dev The latest round is known but the history is unreadable: data, but no past round.
    function test_quote_unreadableHistoryReturnsNoPastRound() public {
        MockAggregator feed = new MockAggregator(USD_DECIMALS);
        feed.pushRound(1e8, block.timestamp);
        skip(1 hours);
        feed.pushRound(2e8, block.timestamp);
        feed.setReverts(false, true, false);

        TickerLens.Quote memory quote = lens.quote(address(feed), block.timestamp - 30 minutes);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.answer, 2e8, "answer");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
    }

    /// @dev A gap met during the search makes the result unknowable: the lens reports no past round rather
    /// than a possibly wrong one.
    function test_quote_gapInHistoryReturnsNoPastRound() public {
        MockAggregator feed = new MockAggregator(USD_DECIMALS);
        for (uint256 i; i < 7; ++i) {
            feed.pushRound(SafeCast.toInt256(i + 1), START_TIME + i * 1 hours);
        }
        uint80 phase1 = uint80(1) << 64;
        // The search over rounds 1..6 probes round 3 first, then 5 when `since` is at or after round 3.
        feed.deleteRound(phase1 | 5);

        TickerLens.Quote memory quote = lens.quote(address(feed), START_TIME + 5 hours + 30 minutes);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.roundId, phase1 | 7, "roundId");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
        assertEq(quote.pastAnswer, 0, "pastAnswer");
        assertEq(quote.pastUpdatedAt, 0, "pastUpdatedAt");
    }

    /// @dev Regression: a feed reporting round id 0 (some non-Chainlink adapters do) with an answer newer
    /// than `since` used to underflow in the search and fail the whole batch.
    function test_quote_feedReportingRoundZeroDoesNotRevert() public {
        MockAggregator feed = new MockAggregator(USD_DECIMALS);
        feed.forceLatestRound(0, BTC_PRICE, block.timestamp);

        TickerLens.Quote memory quote = lens.quote(address(feed), block.timestamp - 1);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.roundId, 0, "roundId");
        assertEq(quote.answer, BTC_PRICE, "answer");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
    }

    function test_quoteFeeds_returnsQuotesInInputOrder() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        _pushAnswer(ethFeed, ETH_PRICE);
        address[] memory feeds = new address[](4);
        feeds[0] = address(ethFeed);
        feeds[1] = alice;
        feeds[2] = address(btcFeed);
        feeds[3] = address(ethFeed);

        TickerLens.Quote[] memory quotes = lens.quoteFeeds(feeds, block.timestamp);

        assertEq(quotes.length, 4, "length");
        assertEq(quotes[0].answer, ETH_PRICE, "eth");
        _assertNoData(quotes[1], alice);
        assertEq(quotes[2].answer, BTC_PRICE, "btc");
        assertEq(quotes[3].answer, ETH_PRICE, "eth again");
    }

    function test_quoteFeeds_emptyInputReturnsNothing() public view {
        assertEq(lens.quoteFeeds(new address[](0), block.timestamp).length, 0, "length");
    }

    /// @dev For any history (1..200 rounds, non-decreasing timestamps with repeats) and any `since`, the
    /// binary search agrees with a linear scan for the last round at or before `since`.
    function testFuzz_quote_pastRoundMatchesLinearScan(uint256 roundCount, uint256 seed, uint256 since)
        public
    {
        roundCount = bound(roundCount, 1, 200);
        PriceFeed feed = btcFeed;
        uint256[] memory timestamps = new uint256[](roundCount);
        for (uint256 i; i < roundCount; ++i) {
            uint256 random = uint256(keccak256(abi.encode(seed, i)));
            // A quarter of the rounds share the previous round's block; the rest are up to 2 hours later.
            if (i > 0 && random % 4 != 0) skip(1 + (random >> 2) % 2 hours);
            _pushAnswer(feed, SafeCast.toInt256(i + 1));
            timestamps[i] = block.timestamp;
        }
        // Half of the cases query exactly at a round's timestamp; the rest anywhere around the history.
        if (seed % 2 == 0) since = timestamps[since % roundCount];
        else since = bound(since, START_TIME - 3 hours, block.timestamp + 3 hours);

        uint256 expected;
        for (uint256 i; i < roundCount; ++i) {
            if (timestamps[i] <= since) expected = i + 1;
        }
        TickerLens.Quote memory quote = lens.quote(address(feed), since);

        assertEq(quote.pastRoundId, expected, "pastRoundId");
        assertEq(quote.pastAnswer, SafeCast.toInt256(expected), "pastAnswer");
        assertEq(quote.pastUpdatedAt, expected == 0 ? 0 : timestamps[expected - 1], "pastUpdatedAt");
        assertEq(quote.roundId, roundCount, "roundId");
    }

    function _assertNoData(TickerLens.Quote memory quote, address feed) internal pure {
        assertEq(quote.feed, feed, "feed");
        assertFalse(quote.hasData, "hasData");
        assertEq(quote.decimals, 0, "decimals");
        assertEq(quote.roundId, 0, "roundId");
        assertEq(quote.answer, 0, "answer");
        assertEq(quote.updatedAt, 0, "updatedAt");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
        assertEq(quote.pastAnswer, 0, "pastAnswer");
        assertEq(quote.pastUpdatedAt, 0, "pastUpdatedAt");
    }
}
