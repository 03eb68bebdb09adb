// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {IPriceFeed} from "../../src/interfaces/IPriceFeed.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract PriceFeedConstructorTest is BaseTest {
    function test_constructor_setsMetadataAndOwner() public {
        PriceFeed feed = new PriceFeed(alice, 18, "stETH / ETH");

        assertEq(feed.decimals(), 18, "decimals");
        assertEq(feed.description(), "stETH / ETH", "description");
        assertEq(feed.version(), 1, "version");
        assertEq(feed.owner(), alice, "owner");
        assertEq(feed.pendingOwner(), address(0), "pendingOwner");
    }

    function test_constructor_startsEmptyWithoutUpdaters() public {
        PriceFeed feed = new PriceFeed(alice, USD_DECIMALS, "BTC / USD");

        assertEq(feed.latestRound(), 0, "latestRound");
        assertFalse(feed.isUpdater(alice), "the owner is not an updater by default");
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(0)));
        feed.latestRoundData();
    }

    function test_constructor_revertsWhenOwnerIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new PriceFeed(address(0), USD_DECIMALS, "BTC / USD");
    }

    function testFuzz_constructor_storesAnyMetadata(
        address feedOwner,
        uint8 decimals,
        string calldata description
    ) public {
        vm.assume(feedOwner != address(0));
        PriceFeed feed = new PriceFeed(feedOwner, decimals, description);

        assertEq(feed.decimals(), decimals, "decimals");
        assertEq(feed.description(), description, "description");
        assertEq(feed.owner(), feedOwner, "owner");
    }
}
