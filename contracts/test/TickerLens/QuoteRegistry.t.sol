// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {TickerLens} from "../../src/periphery/TickerLens.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice quoteRegistry over a day of hourly rounds: BTC and ETH each get 24 rounds, one per hour.
contract TickerLensQuoteRegistryTest is BaseTest {
    uint256 internal constant ROUNDS = 24;
    /// @dev Timestamp of round 1; round n is at T0 + (n - 1) hours.
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("ETH", "Ether", address(ethFeed));
        t0 = block.timestamp;
        for (uint256 i; i < ROUNDS; ++i) {
            if (i > 0) skip(1 hours);
            _pushAnswer(btcFeed, BTC_PRICE + SafeCast.toInt256(i) * 1e8);
            _pushAnswer(ethFeed, ETH_PRICE + SafeCast.toInt256(i) * 1e8);
        }
    }

    function test_quoteRegistry_returnsEveryAssetWithLatestRound() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, block.timestamp);

        assertEq(quotes.length, 2, "one quote per asset");
        assertEq(quotes[0].symbol, "BTC", "symbol 0");
        assertEq(quotes[0].name, "Bitcoin", "name 0");
        assertEq(quotes[1].symbol, "ETH", "symbol 1");
        assertEq(quotes[1].name, "Ether", "name 1");
        _assertLatest(quotes[0].quote, address(btcFeed), BTC_PRICE);
        _assertLatest(quotes[1].quote, address(ethFeed), ETH_PRICE);
    }

    function test_quoteRegistry_sinceExactlyAtRoundTimestampReturnsThatRound() public view {
        uint256 since = _roundTimestamp(5);

        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, since);

        _assertPast(quotes[0].quote, 5, BTC_PRICE + 4e8, since);
        _assertPast(quotes[1].quote, 5, ETH_PRICE + 4e8, since);
    }

    function test_quoteRegistry_sinceBetweenRoundsReturnsEarlierRound() public view {
        uint256 since = _roundTimestamp(12) + 30 minutes;

        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, since);

        _assertPast(quotes[0].quote, 12, BTC_PRICE + 11e8, _roundTimestamp(12));
        _assertPast(quotes[1].quote, 12, ETH_PRICE + 11e8, _roundTimestamp(12));
    }

    function test_quoteRegistry_sinceOneSecondBeforeRoundReturnsPreviousRound() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, _roundTimestamp(20) - 1);

        _assertPast(quotes[0].quote, 19, BTC_PRICE + 18e8, _roundTimestamp(19));
    }

    function test_quoteRegistry_sinceAtFirstRoundReturnsFirstRound() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, t0);

        _assertPast(quotes[0].quote, 1, BTC_PRICE, t0);
    }

    function test_quoteRegistry_sinceBeforeFirstRoundReturnsNoPastRound() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, t0 - 1);

        for (uint256 i; i < quotes.length; ++i) {
            assertTrue(quotes[i].quote.hasData, "latest round still reported");
            _assertPast(quotes[i].quote, 0, 0, 0);
        }
    }

    function test_quoteRegistry_sinceZeroReturnsNoPastRound() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, 0);

        _assertPast(quotes[0].quote, 0, 0, 0);
    }

    function test_quoteRegistry_sinceAtLatestRoundReturnsLatest() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, _roundTimestamp(ROUNDS));

        _assertPast(quotes[0].quote, SafeCast.toUint80(ROUNDS), BTC_PRICE + 23e8, _roundTimestamp(ROUNDS));
    }

    function test_quoteRegistry_sinceAfterLatestRoundReturnsLatest() public view {
        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, type(uint256).max);

        _assertPast(quotes[0].quote, SafeCast.toUint80(ROUNDS), BTC_PRICE + 23e8, _roundTimestamp(ROUNDS));
        _assertPast(quotes[1].quote, SafeCast.toUint80(ROUNDS), ETH_PRICE + 23e8, _roundTimestamp(ROUNDS));
    }

    function test_quoteRegistry_oneDayAgoFromNow() public {
        // The 24 rounds span 23 hours; 90 minutes after the last one, "a day ago" is 30 minutes after round 1.
        skip(90 minutes);

        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, block.timestamp - 1 days);

        _assertPast(quotes[0].quote, 1, BTC_PRICE, t0);
        _assertPast(quotes[1].quote, 1, ETH_PRICE, t0);
    }

    function test_quoteRegistry_emptyRegistryReturnsNothing() public {
        _delistAsset("BTC");
        _delistAsset("ETH");

        assertEq(lens.quoteRegistry(registry, block.timestamp).length, 0, "no quotes");
    }

    function test_quoteRegistry_followsRegistryOrderAfterDelisting() public {
        PriceFeed solFeed = _deployFeed("SOL / USD");
        _pushAnswer(solFeed, 150e8);
        _listAsset("SOL", "Solana", address(solFeed));
        _delistAsset("BTC"); // swap and pop: SOL moves to index 0

        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, block.timestamp);

        assertEq(quotes.length, 2, "length");
        assertEq(quotes[0].symbol, "SOL", "symbol 0");
        assertEq(quotes[0].quote.feed, address(solFeed), "feed 0");
        assertEq(quotes[1].symbol, "ETH", "symbol 1");
    }

    /// @dev A broken feed is reported without data; the other assets are still quoted.
    function test_quoteRegistry_unavailableFeedsDoNotFailTheCall() public {
        PriceFeed emptyFeed = _deployFeed("EMPTY / USD");
        MockAggregator revertingFeed = new MockAggregator(USD_DECIMALS);
        revertingFeed.pushRound(1e8, block.timestamp);
        revertingFeed.setReverts(true, true, true);
        PriceFeed removedFeed = _deployFeed("GONE / USD");
        _listAsset("EMPTY", "Never written", address(emptyFeed));
        _listAsset("REV", "Reverting", address(revertingFeed));
        _listAsset("GONE", "Code removed", address(removedFeed));
        vm.etch(address(removedFeed), "");

        TickerLens.AssetQuote[] memory quotes = lens.quoteRegistry(registry, t0);

        assertEq(quotes.length, 5, "every asset quoted");
        _assertLatest(quotes[0].quote, address(btcFeed), BTC_PRICE);
        _assertLatest(quotes[1].quote, address(ethFeed), ETH_PRICE);
        _assertNoData(quotes[2].quote, address(emptyFeed));
        _assertNoData(quotes[3].quote, address(revertingFeed));
        _assertNoData(quotes[4].quote, address(removedFeed));
    }

    function _roundTimestamp(uint256 roundId) internal view returns (uint256) {
        return t0 + (roundId - 1) * 1 hours;
    }

    function _assertLatest(TickerLens.Quote memory quote, address feed, int256 firstAnswer) internal view {
        assertEq(quote.feed, feed, "feed");
        assertTrue(quote.hasData, "hasData");
        assertEq(quote.decimals, USD_DECIMALS, "decimals");
        assertEq(quote.roundId, ROUNDS, "roundId");
        assertEq(quote.answer, firstAnswer + SafeCast.toInt256(ROUNDS - 1) * 1e8, "answer");
        assertEq(quote.updatedAt, _roundTimestamp(ROUNDS), "updatedAt");
    }

    function _assertPast(TickerLens.Quote memory quote, uint80 roundId, int256 answer, uint256 updatedAt)
        internal
        pure
    {
        assertEq(quote.pastRoundId, roundId, "pastRoundId");
        assertEq(quote.pastAnswer, answer, "pastAnswer");
        assertEq(quote.pastUpdatedAt, updatedAt, "pastUpdatedAt");
    }

    function _assertNoData(TickerLens.Quote memory quote, address feed) internal pure {
        assertEq(quote.feed, feed, "feed");
        assertFalse(quote.hasData, "hasData");
        assertEq(quote.roundId, 0, "roundId");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
    }
}
