// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeed} from "../../src/interfaces/IPriceFeed.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

contract PriceFeedUpdateAnswerTest is BaseTest {
    int256 internal constant INT192_MAX = type(int192).max;
    int256 internal constant INT192_MIN = type(int192).min;

    function test_updateAnswer_writesFirstRound() public {
        uint80 roundId = _pushAnswer(btcFeed, BTC_PRICE);

        assertEq(roundId, 1, "first round id");
        assertEq(btcFeed.latestRound(), 1, "latestRound");
        _assertRound(btcFeed, 1, BTC_PRICE, START_TIME);
    }

    function test_updateAnswer_latestRoundDataReturnsNewRound() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(1 hours);
        _pushAnswer(btcFeed, BTC_PRICE + 1);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            btcFeed.latestRoundData();
        assertEq(roundId, 2, "roundId");
        assertEq(answer, BTC_PRICE + 1, "answer");
        assertEq(startedAt, START_TIME + 1 hours, "startedAt");
        assertEq(updatedAt, START_TIME + 1 hours, "updatedAt");
        assertEq(answeredInRound, 2, "answeredInRound");
    }

    function test_updateAnswer_emitsAnswerUpdated() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        skip(90);

        vm.expectEmit(address(btcFeed));
        emit IPriceFeed.AnswerUpdated(ETH_PRICE, 2, START_TIME + 90);
        _pushAnswer(btcFeed, ETH_PRICE);
    }

    function test_updateAnswer_twiceInOneBlockWritesTwoRoundsWithSameTimestamp() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        _pushAnswer(btcFeed, BTC_PRICE + 1);

        _assertRound(btcFeed, 1, BTC_PRICE, START_TIME);
        _assertRound(btcFeed, 2, BTC_PRICE + 1, START_TIME);
    }

    function test_updateAnswer_revertsWhenCallerIsNotUpdater() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.NotUpdater.selector, stranger));
        vm.prank(stranger);
        btcFeed.updateAnswer(BTC_PRICE);
    }

    function test_updateAnswer_revertsWhenCallerIsOwnerButNotUpdater() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.NotUpdater.selector, owner));
        vm.prank(owner);
        btcFeed.updateAnswer(BTC_PRICE);
    }

    function test_updateAnswer_revertsWhenAnswerAboveInt192() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.AnswerOutOfRange.selector, INT192_MAX + 1));
        vm.prank(updater);
        btcFeed.updateAnswer(INT192_MAX + 1);
    }

    function test_updateAnswer_revertsWhenAnswerBelowInt192() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.AnswerOutOfRange.selector, INT192_MIN - 1));
        vm.prank(updater);
        btcFeed.updateAnswer(INT192_MIN - 1);
    }

    function test_updateAnswer_storesInt192Bounds() public {
        _pushAnswer(btcFeed, INT192_MAX);
        _pushAnswer(btcFeed, INT192_MIN);

        _assertRound(btcFeed, 1, INT192_MAX, START_TIME);
        _assertRound(btcFeed, 2, INT192_MIN, START_TIME);
    }

    /// @dev The feed does not judge answers; readers see the zero and must reject it themselves.
    function test_updateAnswer_storesZeroAnswer() public {
        _pushAnswer(btcFeed, 0);

        (, int256 answer,,,) = btcFeed.latestRoundData();
        assertEq(answer, 0, "zero stored as is");
    }

    function test_updateAnswer_storesNegativeAnswer() public {
        _pushAnswer(btcFeed, -1);

        (, int256 answer,,,) = btcFeed.latestRoundData();
        assertEq(answer, -1, "negative stored as is");
        assertLe(answer, 0, "detectable by readers");
    }

    function test_updateAnswer_failedUpdateLeavesHistoryUnchanged() public {
        _pushAnswer(btcFeed, BTC_PRICE);

        vm.prank(updater);
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.AnswerOutOfRange.selector, type(int256).max));
        btcFeed.updateAnswer(type(int256).max);

        assertEq(btcFeed.latestRound(), 1, "latestRound");
        _assertRound(btcFeed, 1, BTC_PRICE, START_TIME);
    }

    function testFuzz_updateAnswer_storesAnyInt192Answer(int256 answer) public {
        answer = bound(answer, INT192_MIN, INT192_MAX);

        uint80 roundId = _pushAnswer(btcFeed, answer);

        _assertRound(btcFeed, roundId, answer, START_TIME);
    }

    function testFuzz_updateAnswer_revertsOutsideInt192(int256 answer, bool aboveRange) public {
        answer = aboveRange
            ? bound(answer, INT192_MAX + 1, type(int256).max)
            : bound(answer, type(int256).min, INT192_MIN - 1);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.AnswerOutOfRange.selector, answer));
        vm.prank(updater);
        btcFeed.updateAnswer(answer);
    }

    function testFuzz_updateAnswer_revertsForAnyNonUpdater(address caller, int256 answer) public {
        vm.assume(caller != updater);
        answer = bound(answer, INT192_MIN, INT192_MAX);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.NotUpdater.selector, caller));
        vm.prank(caller);
        btcFeed.updateAnswer(answer);
    }

    function testFuzz_updateAnswer_anyAuthorisedUpdaterWrites(address caller, int256 answer) public {
        answer = bound(answer, INT192_MIN, INT192_MAX);
        _setUpdater(btcFeed, caller, true);

        vm.prank(caller);
        uint80 roundId = btcFeed.updateAnswer(answer);

        assertEq(roundId, 1, "roundId");
        _assertRound(btcFeed, 1, answer, START_TIME);
    }

    /// @dev Any sequence of answers and time steps: ids step by exactly one, every past round reads back
    /// exactly as written, and timestamps never decrease.
    function testFuzz_updateAnswer_sequenceKeepsEveryRound(int256[] memory answers, uint32[] memory gaps)
        public
    {
        uint256 count = answers.length < 48 ? answers.length : 48;
        uint256[] memory timestamps = new uint256[](count);

        for (uint256 i; i < count; ++i) {
            if (gaps.length > 0) skip(gaps[i % gaps.length] % 30 days);
            answers[i] = bound(answers[i], INT192_MIN, INT192_MAX);
            uint80 roundId = _pushAnswer(btcFeed, answers[i]);
            assertEq(roundId, i + 1, "round ids increase by one");
            timestamps[i] = block.timestamp;
        }

        assertEq(btcFeed.latestRound(), count, "latestRound");
        for (uint256 i; i < count; ++i) {
            _assertRound(btcFeed, SafeCast.toUint80(i + 1), answers[i], timestamps[i]);
            if (i > 0) assertGe(timestamps[i], timestamps[i - 1], "timestamps non-decreasing");
        }
    }
}
