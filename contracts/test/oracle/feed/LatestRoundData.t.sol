// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorFeed} from "../../../src/interfaces/IFloorFeed.sol";
import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {IPriceFeed} from "../../../src/interfaces/IPriceFeed.sol";
import {FeedReaderLib} from "../../../src/libraries/FeedReaderLib.sol";
import {FloorFeed} from "../../../src/oracle/FloorFeed.sol";
import {FloorFeedBaseTest} from "./FloorFeedBaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice latestRoundData in ETH and USD mode, and staleness seen through FeedReaderLib.
contract FloorFeedLatestRoundDataTest is FloorFeedBaseTest {
    /*//////////////////////////////////////////////////////////////
                                ETH MODE
    //////////////////////////////////////////////////////////////*/

    function test_latestRoundData_ethModeMirrorsTheOracle() public {
        _quorum(10 ether);
        _nextRound(10.4 ether);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            ethFloorFeed.latestRoundData();
        _assertRoundData(
            2, 10.4 ether, START_TIME + MIN_SPACING, roundId, answer, startedAt, updatedAt, answeredInRound
        );
    }

    function test_latestRoundData_revertsWithTheOraclesNoPrice() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        ethFloorFeed.latestRoundData();
        _pushAnswer(ethFeed, ETH_PRICE);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        usdFloorFeed.latestRoundData();
    }

    function test_latestRoundData_servesTheSpotWhilePaused() public {
        _quorum(10 ether);
        vm.prank(guardian);
        oracle.setPaused(collection, true);

        (, int256 answer,,,) = ethFloorFeed.latestRoundData();
        assertEq(answer, 10 ether, "spot; pause is enforced by borrowPrice");
    }

    function test_latestRoundData_readerSeesStaleness() public {
        _quorum(10 ether);
        skip(MAX_STALENESS + 1);

        (bool ok,,, uint256 updatedAt) = FeedReaderLib.tryLatestRound(address(ethFloorFeed));
        assertTrue(ok, "answers");
        assertEq(updatedAt, START_TIME, "dated at the last value");
        vm.expectRevert(
            abi.encodeWithSelector(
                FeedReaderLib.StalePrice.selector, address(ethFloorFeed), START_TIME, MAX_STALENESS
            )
        );
        this.readPrice(address(ethFloorFeed), MAX_STALENESS);
    }

    /*//////////////////////////////////////////////////////////////
                                USD MODE
    //////////////////////////////////////////////////////////////*/

    function test_latestRoundData_usdModeMultipliesByEthUsd() public {
        _pushAnswer(ethFeed, ETH_PRICE);
        _quorum(10 ether);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            usdFloorFeed.latestRoundData();
        // 10 ETH at 3,500 USD = 35,000 USD with 8 decimals.
        _assertRoundData(1, 35_000e8, START_TIME, roundId, answer, startedAt, updatedAt, answeredInRound);
    }

    function test_latestRoundData_usdModeRoundsDown() public {
        _pushAnswer(ethFeed, 3_333.33333333e8);
        _quorum(1 ether + 1);

        (, int256 answer,,,) = usdFloorFeed.latestRoundData();
        // (1e18 + 1) * 333333333333 / 1e18 = 333333333333.000000333 -> 333333333333.
        assertEq(answer, 3_333.33333333e8, "rounded down");
    }

    function test_latestRoundData_usdModeDatedByTheOlderQuote() public {
        _pushAnswer(ethFeed, ETH_PRICE);
        skip(30 minutes);
        _quorum(10 ether);

        (,,, uint256 updatedAt,) = usdFloorFeed.latestRoundData();
        assertEq(updatedAt, START_TIME, "the ETH / USD answer is older");
        vm.expectRevert(
            abi.encodeWithSelector(
                FeedReaderLib.StalePrice.selector, address(usdFloorFeed), START_TIME, 20 minutes
            )
        );
        this.readPrice(address(usdFloorFeed), 20 minutes);
    }

    function test_latestRoundData_usdModeDatedByTheOlderFloor() public {
        _quorum(10 ether);
        skip(30 minutes);
        _pushAnswer(ethFeed, ETH_PRICE);

        (uint80 roundId,, uint256 startedAt, uint256 updatedAt,) = usdFloorFeed.latestRoundData();
        assertEq(updatedAt, START_TIME, "the floor is older");
        assertEq(startedAt, updatedAt, "startedAt = updatedAt");
        assertEq(roundId, 1, "the floor's round id");
    }

    function test_latestRoundData_usdModeFollowsTheQuote() public {
        _pushAnswer(ethFeed, ETH_PRICE);
        _quorum(10 ether);
        skip(1 minutes);
        _pushAnswer(ethFeed, 3_000e8);

        (uint80 roundId, int256 answer,, uint256 updatedAt,) = usdFloorFeed.latestRoundData();
        assertEq(answer, 30_000e8, "new quote");
        assertEq(updatedAt, START_TIME, "still dated by the floor");
        assertEq(roundId, 1, "floor round unchanged");
    }

    function test_latestRoundData_revertsForZeroQuote() public {
        _pushAnswer(ethFeed, 0);
        _quorum(10 ether);
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.InvalidQuoteAnswer.selector, address(ethFeed), 0));
        usdFloorFeed.latestRoundData();
    }

    function test_latestRoundData_revertsForNegativeQuote() public {
        _pushAnswer(ethFeed, -1);
        _quorum(10 ether);
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.InvalidQuoteAnswer.selector, address(ethFeed), -1));
        usdFloorFeed.latestRoundData();
    }

    function test_latestRoundData_bubblesTheQuoteFeedsError() public {
        _quorum(10 ether);
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(0)));
        usdFloorFeed.latestRoundData();
    }

    function testFuzz_latestRoundData_usdAnswerIsFloorTimesQuote(uint256 floor, int256 quote) public {
        floor = bound(floor, 1, 1_000_000 ether);
        quote = bound(quote, 1, 1e8 * 1e8);
        _pushAnswer(ethFeed, quote);
        _submitAll(_prices3(floor, floor, floor));

        (, int256 answer,,,) = usdFloorFeed.latestRoundData();
        assertEq(answer, SafeCast.toInt256(floor * SafeCast.toUint256(quote) / 1e18), "floor * quote / 1e18");
    }

    /// @dev External so that expectRevert sees FeedReaderLib's revert from a call.
    function readPrice(address feed, uint256 maxAge) external view returns (uint256 price) {
        (price,,) = FeedReaderLib.readPrice(FloorFeed(feed), maxAge);
    }
}
