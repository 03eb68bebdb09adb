// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeedRegistry} from "../../src/interfaces/IPriceFeedRegistry.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract PriceFeedRegistryListAssetTest is BaseTest {
    function test_listAsset_addsAsset() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));

        assertEq(registry.assetCount(), 1, "assetCount");
        _assertAsset(registry.assetAt(0), "BTC", "Bitcoin", address(btcFeed));
        _assertAsset(registry.getAsset("BTC"), "BTC", "Bitcoin", address(btcFeed));
        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        assertEq(assets.length, 1, "getAssets length");
        _assertAsset(assets[0], "BTC", "Bitcoin", address(btcFeed));
    }

    function test_listAsset_emitsAssetListed() public {
        vm.expectEmit(address(registry));
        emit IPriceFeedRegistry.AssetListed(keccak256("BTC"), "BTC", "Bitcoin", address(btcFeed));
        _listAsset("BTC", "Bitcoin", address(btcFeed));
    }

    function test_listAsset_appendsInListingOrder() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("ETH", "Ether", address(ethFeed));

        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        assertEq(assets.length, 2, "length");
        _assertAsset(assets[0], "BTC", "Bitcoin", address(btcFeed));
        _assertAsset(assets[1], "ETH", "Ether", address(ethFeed));
    }

    function test_listAsset_relistReplacesNameAndFeedInPlace() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("ETH", "Ether", address(ethFeed));
        address newFeed = address(_deployFeed("BTC / USD v2"));

        _listAsset("BTC", "Bitcoin (v2 feed)", newFeed);

        assertEq(registry.assetCount(), 2, "count unchanged");
        _assertAsset(registry.assetAt(0), "BTC", "Bitcoin (v2 feed)", newFeed);
        _assertAsset(registry.getAsset("BTC"), "BTC", "Bitcoin (v2 feed)", newFeed);
        _assertAsset(registry.assetAt(1), "ETH", "Ether", address(ethFeed));
    }

    function test_listAsset_relistEmitsAssetListed() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));

        vm.expectEmit(address(registry));
        emit IPriceFeedRegistry.AssetListed(keccak256("BTC"), "BTC", "Wrapped Bitcoin", address(ethFeed));
        _listAsset("BTC", "Wrapped Bitcoin", address(ethFeed));
    }

    function test_listAsset_symbolsAreCaseSensitive() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("btc", "bitcoin", address(ethFeed));

        assertEq(registry.assetCount(), 2, "two assets");
        assertEq(registry.getAsset("BTC").feed, address(btcFeed), "BTC");
        assertEq(registry.getAsset("btc").feed, address(ethFeed), "btc");
    }

    function test_listAsset_oneFeedMayServeSeveralSymbols() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));
        _listAsset("WBTC", "Wrapped Bitcoin", address(btcFeed));

        assertEq(registry.getAsset("WBTC").feed, address(btcFeed), "shared feed");
    }

    function test_listAsset_acceptsMaximumLengths() public {
        string memory symbol = _stringOfLength(32);
        string memory name = _stringOfLength(64);

        _listAsset(symbol, name, address(btcFeed));

        _assertAsset(registry.getAsset(symbol), symbol, name, address(btcFeed));
    }

    function test_listAsset_revertsWhenSymbolEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidSymbol.selector, ""));
        _listAsset("", "Bitcoin", address(btcFeed));
    }

    function test_listAsset_revertsWhenSymbolLongerThan32Bytes() public {
        string memory symbol = _stringOfLength(33);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidSymbol.selector, symbol));
        _listAsset(symbol, "Bitcoin", address(btcFeed));
    }

    /// @dev Length counts bytes, not characters: "€" is three bytes.
    function test_listAsset_symbolLengthCountsBytes() public {
        string memory symbol = unicode"€€€€€€€€€€€";

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidSymbol.selector, symbol));
        _listAsset(symbol, "Euro", address(btcFeed));
    }

    function test_listAsset_revertsWhenNameEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidName.selector, ""));
        _listAsset("BTC", "", address(btcFeed));
    }

    function test_listAsset_revertsWhenNameLongerThan64Bytes() public {
        string memory name = _stringOfLength(65);

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidName.selector, name));
        _listAsset("BTC", name, address(btcFeed));
    }

    function test_listAsset_revertsWhenFeedIsAnAccountWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidFeed.selector, alice));
        _listAsset("BTC", "Bitcoin", alice);
    }

    function test_listAsset_revertsWhenFeedIsZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidFeed.selector, address(0)));
        _listAsset("BTC", "Bitcoin", address(0));
    }

    function test_listAsset_relistRevertsWithInvalidFeedAndKeepsOldFeed() public {
        _listAsset("BTC", "Bitcoin", address(btcFeed));

        vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidFeed.selector, alice));
        _listAsset("BTC", "Bitcoin", alice);
        assertEq(registry.getAsset("BTC").feed, address(btcFeed), "old feed kept");
    }

    function test_listAsset_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.listAsset("BTC", "Bitcoin", address(btcFeed));
    }

    function testFuzz_listAsset_validatesSymbolLength(uint256 length) public {
        length = bound(length, 0, 96);
        string memory symbol = _stringOfLength(length);
        bool valid = length >= 1 && length <= 32;

        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidSymbol.selector, symbol));
        }
        _listAsset(symbol, "Asset", address(btcFeed));

        assertEq(registry.assetCount(), valid ? 1 : 0, "assetCount");
    }

    function testFuzz_listAsset_validatesNameLength(uint256 length) public {
        length = bound(length, 0, 160);
        string memory name = _stringOfLength(length);
        bool valid = length >= 1 && length <= 64;

        if (!valid) vm.expectRevert(abi.encodeWithSelector(IPriceFeedRegistry.InvalidName.selector, name));
        _listAsset("BTC", name, address(btcFeed));

        assertEq(registry.assetCount(), valid ? 1 : 0, "assetCount");
    }

    function testFuzz_listAsset_revertsForAnyNonOwner(address caller) public {
        vm.assume(caller != owner);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
        registry.listAsset("BTC", "Bitcoin", address(btcFeed));
    }
}
