// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeedRegistry} from "../../src/interfaces/IPriceFeedRegistry.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {PriceFeedRegistryHandler} from "./handlers/PriceFeedRegistryHandler.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";

/// @notice The registry always agrees with a reference model (symbol -> name, feed), whatever the sequence
/// of listings, re-listings, delistings and rejected calls. Order is not part of the model: swap-and-pop
/// may reorder, so agreement is checked as sets plus index/symbol consistency.
contract PriceFeedRegistryInvariantTest is BaseTest {
    PriceFeedRegistryHandler internal handler;
    string[] internal symbols;
    string[] internal names;
    bytes32[] internal symbolHashes;
    bytes32[] internal nameHashes;

    function setUp() public override {
        super.setUp();
        symbols = ["BTC", "ETH", "SOL", "USDC", "WBTC", "LINK", "btc", "A"];
        names = ["Bitcoin", "Ether", "Solana", "A much longer asset name, still within 64 bytes", "x"];
        for (uint256 i; i < symbols.length; ++i) {
            symbolHashes.push(keccak256(bytes(symbols[i])));
        }
        for (uint256 i; i < names.length; ++i) {
            nameHashes.push(keccak256(bytes(names[i])));
        }
        address[] memory feeds = new address[](3);
        feeds[0] = address(btcFeed);
        feeds[1] = address(ethFeed);
        feeds[2] = address(_deployFeed("SOL / USD"));
        handler = new PriceFeedRegistryHandler(registry, owner, symbols, names, feeds);

        bytes4[] memory selectors = new bytes4[](3);
        selectors[0] = PriceFeedRegistryHandler.listAsset.selector;
        selectors[1] = PriceFeedRegistryHandler.delistAsset.selector;
        selectors[2] = PriceFeedRegistryHandler.listInvalid.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_registryMatchesModel() public view {
        _assertRegistryMatchesModel();
    }

    function invariant_noUnexpectedOutcome() public view {
        assertEq(handler.ghostUnexpectedOutcomes(), 0, "a call contradicted the model");
    }

    /// @dev The same model check, driven by a fuzzed sequence of operations instead of the invariant runner.
    function testFuzz_operationSequence_matchesReferenceModel(uint256 seed) public {
        for (uint256 step; step < 40; ++step) {
            uint256 random = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = random % 10;
            if (action < 5) handler.listAsset(random >> 8, random >> 16, random >> 24);
            else if (action < 9) handler.delistAsset(random >> 8);
            else handler.listInvalid(random >> 8, random >> 16);
        }
        _assertRegistryMatchesModel();
        assertEq(handler.ghostUnexpectedOutcomes(), 0, "a call contradicted the model");
    }

    /// @dev Runs after every handler call, so it compares hashes and asserts only on a mismatch.
    function _assertRegistryMatchesModel() internal view {
        PriceFeedRegistryHandler.ModelAsset[] memory model = handler.model();
        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        uint256 listedCount;
        for (uint256 i; i < model.length; ++i) {
            if (model[i].listed) ++listedCount;
        }
        assertEq(assets.length, listedCount, "getAssets length");
        assertEq(handler.ghostListedCount(), listedCount, "ghost count");
        assertEq(registry.assetCount(), listedCount, "assetCount");

        // Every registry entry is a distinct listed model asset with the model's name and feed...
        bool[] memory seen = new bool[](model.length);
        for (uint256 i; i < assets.length; ++i) {
            uint256 symbolIndex = _indexOf(symbolHashes, assets[i].symbol);
            _check(symbolIndex < model.length && !seen[symbolIndex], "unknown or duplicate symbol");
            seen[symbolIndex] = true;
            _check(_matches(assets[i], model[symbolIndex]), "getAssets entry differs from the model");
        }
        if (assets.length > 0) {
            IPriceFeedRegistry.Asset memory last = registry.assetAt(assets.length - 1);
            _check(_sameAsset(last, assets[assets.length - 1]), "assetAt differs from getAssets");
        }

        // ...and every listed symbol is found by symbol; the others are reported as not listed.
        for (uint256 symbolIndex; symbolIndex < model.length; ++symbolIndex) {
            try registry.getAsset(symbols[symbolIndex]) returns (IPriceFeedRegistry.Asset memory asset) {
                _check(model[symbolIndex].listed, "getAsset found a delisted symbol");
                _check(keccak256(bytes(asset.symbol)) == symbolHashes[symbolIndex], "getAsset symbol");
                _check(_matches(asset, model[symbolIndex]), "getAsset differs from the model");
            } catch (bytes memory reason) {
                _check(!model[symbolIndex].listed, "getAsset lost a listed symbol");
                bytes memory expected =
                    abi.encodeWithSelector(IPriceFeedRegistry.AssetNotListed.selector, symbols[symbolIndex]);
                _check(keccak256(reason) == keccak256(expected), "getAsset revert reason");
            }
        }
    }

    /// @dev Asserts only when `ok` is false: a cheatcode call per check would dominate the run time.
    function _check(bool ok, string memory reason) internal pure {
        if (!ok) assertTrue(ok, reason);
    }

    function _sameAsset(IPriceFeedRegistry.Asset memory a, IPriceFeedRegistry.Asset memory b)
        internal
        pure
        returns (bool)
    {
        return a.feed == b.feed && keccak256(bytes(a.symbol)) == keccak256(bytes(b.symbol))
            && keccak256(bytes(a.name)) == keccak256(bytes(b.name));
    }

    function _matches(
        IPriceFeedRegistry.Asset memory asset,
        PriceFeedRegistryHandler.ModelAsset memory expected
    ) internal view returns (bool) {
        return asset.feed == expected.feed && keccak256(bytes(asset.name)) == nameHashes[expected.nameIndex];
    }

    /// @dev Index of `text` among `hashes`, or `hashes.length` when absent.
    function _indexOf(bytes32[] storage hashes, string memory text) internal view returns (uint256) {
        bytes32 hash = keccak256(bytes(text));
        for (uint256 i; i < hashes.length; ++i) {
            if (hashes[i] == hash) return i;
        }
        return hashes.length;
    }
}
