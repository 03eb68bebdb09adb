// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeedRegistry} from "../../src/interfaces/IPriceFeedRegistry.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice assetCount, assetAt, getAsset and getAssets.
contract PriceFeedRegistryReadAssetsTest is BaseTest {
    function test_getAssets_emptyRegistryReturnsNothing() public view {
        assertEq(registry.assetCount(), 0, "assetCount");
        assertEq(registry.getAssets().length, 0, "getAssets");
    }

    function test_assetAt_revertsOnEmptyRegistry() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.IndexOutOfRange.selector, 0, 0));
        registry.assetAt(0);
    }

    function test_assetAt_revertsAtCount() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("ETH", "Ether", address(ethFeed));

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.IndexOutOfRange.selector, 2, 2));
        registry.assetAt(2);
    }

    function test_getAsset_revertsWhenNotListed() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, "ETH"));
        registry.getAsset("ETH");
    }

    function test_getAsset_revertsForEmptySymbol() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, ""));
        registry.getAsset("");
    }

    function testFuzz_assetAt_revertsForAnyIndexFromCount(uint256 index) public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        index = bound(index, 1, type(uint256).max);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.IndexOutOfRange.selector, index, 1));
        registry.assetAt(index);
    }
}
