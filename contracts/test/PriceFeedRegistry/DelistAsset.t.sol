// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {IPriceFeedRegistry} from "../../src/interfaces/IPriceFeedRegistry.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract PriceFeedRegistryDelistAssetTest is BaseTest {
    PriceFeed internal solFeed;
    PriceFeed internal usdcFeed;

    /// @dev Registry order: BTC, ETH, SOL, USDC.
    function setUp() public override {
        super.setUp();
        solFeed = _deployFeed("SOL / USD");
        usdcFeed = _deployFeed("USDC / USD");
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("ETH", "Ether", address(ethFeed));
        _listAsset("SOL", "Solana", address(solFeed));
        _listAsset("USDC", "USD Coin", address(usdcFeed));
    }

    function test_delistAsset_lastKeepsOrderOfOthers() public {
        _delistAsset("USDC");

        assertEq(registry.assetCount(), 3, "assetCount");
        _assertAsset(registry.assetAt(0), "BTC", "Bitcoin", address(btcFeed));
        _assertAsset(registry.assetAt(1), "ETH", "Ether", address(ethFeed));
        _assertAsset(registry.assetAt(2), "SOL", "Solana", address(solFeed));
    }

    function test_delistAsset_middleMovesLastIntoItsSlot() public {
        _delistAsset("ETH");

        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        assertEq(assets.length, 3, "length");
        _assertAsset(assets[0], "BTC", "Bitcoin", address(btcFeed));
        _assertAsset(assets[1], "USDC", "USD Coin", address(usdcFeed));
        _assertAsset(assets[2], "SOL", "Solana", address(solFeed));
        _assertRemainingFindable();
    }

    function test_delistAsset_firstMovesLastIntoItsSlot() public {
        _delistAsset("BTC");

        _assertAsset(registry.assetAt(0), "USDC", "USD Coin", address(usdcFeed));
        assertEq(registry.assetCount(), 3, "assetCount");
        _assertRemainingFindable();
    }

    function test_delistAsset_movedAssetCanItselfBeDelisted() public {
        _delistAsset("ETH"); // USDC moves to index 1
        _delistAsset("USDC");

        assertEq(registry.assetCount(), 2, "assetCount");
        _assertAsset(registry.assetAt(0), "BTC", "Bitcoin", address(btcFeed));
        _assertAsset(registry.assetAt(1), "SOL", "Solana", address(solFeed));
        _assertAsset(registry.getAsset("SOL"), "SOL", "Solana", address(solFeed));
    }

    function test_delistAsset_everyAssetLeavesEmptyRegistry() public {
        _delistAsset("ETH");
        _delistAsset("BTC");
        _delistAsset("USDC");
        _delistAsset("SOL");

        assertEq(registry.assetCount(), 0, "assetCount");
        assertEq(registry.getAssets().length, 0, "getAssets");
    }

    function test_delistAsset_emitsAssetDelisted() public {
        vm.expectEmit(address(registry));
        emit IPriceFeedRegistry.AssetDelisted(keccak256("ETH"), "ETH", address(ethFeed));
        _delistAsset("ETH");
    }

    function test_delistAsset_thenRelistAppendsAtEnd() public {
        _delistAsset("BTC");
        _listAsset("BTC", "Bitcoin", address(btcFeed));

        assertEq(registry.assetCount(), 4, "assetCount");
        _assertAsset(registry.assetAt(3), "BTC", "Bitcoin", address(btcFeed));
        _assertRemainingFindable();
    }

    function test_delistAsset_revertsWhenNotListed() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, "DOGE"));
        _delistAsset("DOGE");
    }

    function test_delistAsset_revertsWhenAlreadyDelisted() public {
        _delistAsset("SOL");

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, "SOL"));
        _delistAsset("SOL");
    }

    function test_delistAsset_revertsWhenSymbolDiffersInCase() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, "btc"));
        _delistAsset("btc");
    }

    function test_delistAsset_delistedAssetIsNotFound() public {
        _delistAsset("ETH");

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, "ETH"));
        registry.getAsset("ETH");
    }

    function test_delistAsset_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.delistAsset("BTC");
    }

    /// @dev Every asset still listed is found by symbol at the index `assetAt` reports.
    function _assertRemainingFindable() internal view {
        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        for (uint256 i; i < assets.length; ++i) {
            IPriceFeedRegistry.Asset memory bySymbol = registry.getAsset(assets[i].symbol);
            _assertAsset(bySymbol, assets[i].symbol, assets[i].name, assets[i].feed);
            _assertAsset(registry.assetAt(i), assets[i].symbol, assets[i].name, assets[i].feed);
        }
    }
}
