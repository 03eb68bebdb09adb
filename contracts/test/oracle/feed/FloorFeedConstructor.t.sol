// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../../../src/interfaces/AggregatorV3Interface.sol";
import {IFloorFeed} from "../../../src/interfaces/IFloorFeed.sol";
import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorFeed} from "../../../src/oracle/FloorFeed.sol";
import {SilentFallback} from "../../mocks/SilentFallback.sol";
import {FloorFeedBaseTest} from "./FloorFeedBaseTest.sol";

contract FloorFeedConstructorTest is FloorFeedBaseTest {
    function test_constructor_ethMode() public view {
        assertEq(address(ethFloorFeed.oracle()), address(oracle), "oracle");
        assertEq(ethFloorFeed.collection(), collection, "collection");
        assertEq(address(ethFloorFeed.quoteFeed()), address(0), "no quote");
        assertEq(ethFloorFeed.decimals(), 18, "decimals");
        assertEq(ethFloorFeed.description(), "Demo / ETH", "description");
        assertEq(ethFloorFeed.version(), 1, "version");
    }

    function test_constructor_usdModeTakesTheQuoteDecimals() public view {
        assertEq(address(usdFloorFeed.quoteFeed()), address(ethFeed), "quote");
        assertEq(usdFloorFeed.decimals(), USD_DECIMALS, "decimals of ETH / USD");
        assertEq(usdFloorFeed.description(), "Demo / USD", "description");
    }

    function test_constructor_revertsForZeroOracle() public {
        bytes32 name = "oracle";
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.ZeroAddress.selector, name));
        new FloorFeed(IFloorOracle(address(0)), collection, "x", AggregatorV3Interface(address(0)));
    }

    function test_constructor_revertsForZeroCollection() public {
        bytes32 name = "collection";
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.ZeroAddress.selector, name));
        new FloorFeed(oracle, address(0), "x", AggregatorV3Interface(address(0)));
    }

    function test_constructor_revertsForQuoteFeedWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.InvalidQuoteFeed.selector, stranger));
        new FloorFeed(oracle, collection, "x", AggregatorV3Interface(stranger));
    }

    function test_constructor_revertsForQuoteFeedThatDoesNotAnswer() public {
        address silent = address(new SilentFallback());
        vm.expectRevert(abi.encodeWithSelector(IFloorFeed.InvalidQuoteFeed.selector, silent));
        new FloorFeed(oracle, collection, "x", AggregatorV3Interface(silent));
    }
}
