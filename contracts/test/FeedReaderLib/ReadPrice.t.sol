// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";
import {FeedReaderLib} from "../../src/libraries/FeedReaderLib.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {SilentFallback} from "../mocks/SilentFallback.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {FeedReaderHarness} from "./FeedReaderHarness.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

contract FeedReaderLibReadPriceTest is BaseTest {
    uint256 internal constant MAX_AGE = 1 hours;

    FeedReaderHarness internal reader;
    AggregatorV3Interface internal btc;

    function setUp() public override {
        super.setUp();
        reader = new FeedReaderHarness();
        btc = AggregatorV3Interface(address(btcFeed));
    }

    function test_readPrice_returnsFreshPositivePrice() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(10 minutes);

        (uint256 price, uint8 decimals, uint256 updatedAt) = reader.readPrice(btc, MAX_AGE);

        assertEq(price, SafeCast.toUint256(BTC_PRICE), "price");
        assertEq(decimals, USD_DECIMALS, "decimals");
        assertEq(updatedAt, START_TIME, "updatedAt");
    }

    function test_readPrice_returnsTheFeedsDecimals() public {
        PriceFeed feed = new PriceFeed(owner, 18, "stETH / ETH");
        _setUpdater(feed, updater, true);
        _pushAnswer(feed, 0.999e18);

        (uint256 price, uint8 decimals,) = reader.readPrice(AggregatorV3Interface(address(feed)), MAX_AGE);

        assertEq(price, 0.999e18, "price");
        assertEq(decimals, 18, "decimals");
    }

    function test_readPrice_readsLatestRound() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(1 hours);
        _pushAnswer(btcFeed, BTC_PRICE * 2);

        (uint256 price,, uint256 updatedAt) = reader.readPrice(btc, MAX_AGE);

        assertEq(price, SafeCast.toUint256(BTC_PRICE * 2), "price");
        assertEq(updatedAt, START_TIME + 1 hours, "updatedAt");
    }

    function test_readPrice_acceptsPriceExactlyMaxAgeOld() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(MAX_AGE);

        (uint256 price,,) = reader.readPrice(btc, MAX_AGE);

        assertEq(price, SafeCast.toUint256(BTC_PRICE), "price");
    }

    function test_readPrice_revertsWhenOlderThanMaxAge() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(MAX_AGE + 1);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, MAX_AGE));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_zeroMaxAgeAcceptsOnlyTheCurrentBlock() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        (uint256 price,,) = reader.readPrice(btc, 0);
        assertEq(price, SafeCast.toUint256(BTC_PRICE), "same block");

        skip(1);
        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, 0));
        reader.readPrice(btc, 0);
    }

    function test_readPrice_revertsWhenTimestampIsInTheFuture() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        vm.warp(START_TIME - 1);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, MAX_AGE));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_revertsWhenAnswerIsZero() public {
        _pushAnswer(btcFeed, 0);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.InvalidPrice.selector, btc, int256(0)));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_revertsWhenAnswerIsNegative() public {
        _pushAnswer(btcFeed, -1);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.InvalidPrice.selector, btc, int256(-1)));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_revertsWhenLatestAnswerIsBadEvenIfEarlierWasGood() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        _pushAnswer(btcFeed, 0);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.InvalidPrice.selector, btc, int256(0)));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_revertsWhenFeedHasNoCode() public {
        AggregatorV3Interface eoa = AggregatorV3Interface(alice);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, alice));
        reader.readPrice(eoa, MAX_AGE);
    }

    function test_readPrice_revertsWhenFeedHasNoRound() public {
        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, btc));
        reader.readPrice(btc, MAX_AGE);
    }

    function test_readPrice_revertsWhenLatestRoundDataReverts() public {
        MockAggregator mock = new MockAggregator(USD_DECIMALS);
        mock.pushRound(BTC_PRICE, block.timestamp);
        mock.setReverts(true, false, false);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, mock));
        reader.readPrice(mock, MAX_AGE);
    }

    function test_readPrice_revertsWhenAddressIsNotAFeed() public {
        AggregatorV3Interface notAFeed = AggregatorV3Interface(address(registry));

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, notAFeed));
        reader.readPrice(notAFeed, MAX_AGE);
    }

    function test_readPrice_revertsWhenAccountReturnsNothing() public {
        AggregatorV3Interface silent = AggregatorV3Interface(address(new SilentFallback()));

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, silent));
        reader.readPrice(silent, MAX_AGE);
    }

    function test_readPrice_revertsWhenDecimalsReverts() public {
        MockAggregator mock = new MockAggregator(USD_DECIMALS);
        mock.pushRound(BTC_PRICE, block.timestamp);
        mock.setReverts(false, false, true);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.FeedUnavailable.selector, mock));
        reader.readPrice(mock, MAX_AGE);
    }

    function testFuzz_readPrice_staleExactlyWhenAgeExceedsMaxAge(uint256 age, uint256 maxAge) public {
        age = bound(age, 0, 3650 days);
        maxAge = bound(maxAge, 0, 7300 days);
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(age);

        if (age > maxAge) {
            vm.expectRevert(
                abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, maxAge)
            );
        }
        reader.readPrice(btc, maxAge);
    }

    /// @dev The boundary itself: age == maxAge passes, age == maxAge + 1 fails.
    function testFuzz_readPrice_maxAgeBoundary(uint256 maxAge) public {
        maxAge = bound(maxAge, 0, 365 days);
        _pushAnswer(btcFeed, BTC_PRICE);

        skip(maxAge);
        (,, uint256 updatedAt) = reader.readPrice(btc, maxAge);
        assertEq(updatedAt, START_TIME, "age == maxAge accepted");

        skip(1);
        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, maxAge));
        reader.readPrice(btc, maxAge);
    }

    function testFuzz_readPrice_futureTimestampIsAlwaysStale(uint256 ahead, uint256 maxAge) public {
        ahead = bound(ahead, 1, START_TIME - 1);
        _pushAnswer(btcFeed, BTC_PRICE);
        vm.warp(START_TIME - ahead);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.StalePrice.selector, btc, START_TIME, maxAge));
        reader.readPrice(btc, maxAge);
    }

    function testFuzz_readPrice_returnsAnyPositiveAnswer(int256 answer) public {
        answer = bound(answer, 1, type(int192).max);
        _pushAnswer(btcFeed, answer);

        (uint256 price,,) = reader.readPrice(btc, MAX_AGE);

        assertEq(price, SafeCast.toUint256(answer), "price");
    }

    function testFuzz_readPrice_rejectsAnyNonPositiveAnswer(int256 answer) public {
        answer = bound(answer, type(int192).min, 0);
        _pushAnswer(btcFeed, answer);

        vm.expectRevert(abi.encodeWithSelector(FeedReaderLib.InvalidPrice.selector, btc, answer));
        reader.readPrice(btc, MAX_AGE);
    }
}
