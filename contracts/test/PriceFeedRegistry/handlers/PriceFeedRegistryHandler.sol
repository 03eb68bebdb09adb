// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeedRegistry} from "../../../src/feeds/PriceFeedRegistry.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";

/// @notice Lists, re-lists and delists assets drawn from fixed pools of symbols, names and feeds, keeps a
/// reference model of what must be listed (symbol -> name, feed), and counts every call whose outcome
/// contradicts the model. Never reverts: calls that may revert are wrapped in try/catch.
contract PriceFeedRegistryHandler is CommonBase, StdCheats {
    /// @dev Indexes into the pools keep the model cheap to read after every invariant call.
    struct ModelAsset {
        bool listed;
        uint256 nameIndex;
        address feed;
    }

    PriceFeedRegistry public immutable REGISTRY;
    address public immutable OWNER;

    string[] internal _symbols;
    string[] internal _names;
    address[] internal _feeds;
    mapping(uint256 symbolIndex => ModelAsset) internal _model;

    uint256 public ghostListedCount;
    /// @notice Calls that succeeded when the model says they must revert, or reverted when they must not.
    uint256 public ghostUnexpectedOutcomes;
    /// @notice Invalid listings the registry rejected, as it must.
    uint256 public ghostRejectedInvalidListings;

    constructor(
        PriceFeedRegistry registry,
        address registryOwner,
        string[] memory symbols,
        string[] memory names,
        address[] memory feeds
    ) {
        (REGISTRY, OWNER) = (registry, registryOwner);
        (_symbols, _names, _feeds) = (symbols, names, feeds);
    }

    function listAsset(uint256 symbolSeed, uint256 nameSeed, uint256 feedSeed) external {
        uint256 symbolIndex = symbolSeed % _symbols.length;
        uint256 nameIndex = nameSeed % _names.length;
        address feed = _feeds[feedSeed % _feeds.length];

        vm.prank(OWNER);
        try REGISTRY.listAsset(_symbols[symbolIndex], _names[nameIndex], feed) {
            ModelAsset storage asset = _model[symbolIndex];
            if (!asset.listed) ++ghostListedCount;
            (asset.listed, asset.nameIndex, asset.feed) = (true, nameIndex, feed);
        } catch {
            ++ghostUnexpectedOutcomes;
        }
    }

    function delistAsset(uint256 symbolSeed) external {
        uint256 symbolIndex = symbolSeed % _symbols.length;
        bool listed = _model[symbolIndex].listed;

        vm.prank(OWNER);
        try REGISTRY.delistAsset(_symbols[symbolIndex]) {
            if (!listed) ++ghostUnexpectedOutcomes;
            delete _model[symbolIndex];
            --ghostListedCount;
        } catch {
            if (listed) ++ghostUnexpectedOutcomes;
        }
    }

    /// @notice A listing that must be rejected: bad symbol, bad name, feed without code, or not the owner.
    function listInvalid(uint256 kind, uint256 symbolSeed) external {
        string memory symbol = _symbols[symbolSeed % _symbols.length];
        string memory name = _names[0];
        address feed = _feeds[0];
        address caller = OWNER;
        kind %= 6;
        if (kind == 0) symbol = "";
        else if (kind == 1) symbol = "THIRTY-THREE-BYTES-LONG-SYMBOL-XX";
        else if (kind == 2) name = "";
        else if (kind == 3) name = "A name of sixty-five bytes, one more than the registry accepts...";
        else if (kind == 4) feed = makeAddr("feedWithoutCode");
        else caller = makeAddr("notTheOwner");

        vm.prank(caller);
        try REGISTRY.listAsset(symbol, name, feed) {
            ++ghostUnexpectedOutcomes;
        } catch {
            ++ghostRejectedInvalidListings;
        }
    }

    /// @notice What the registry must hold for each symbol of the pool, in pool order.
    function model() external view returns (ModelAsset[] memory assets) {
        assets = new ModelAsset[](_symbols.length);
        for (uint256 i; i < _symbols.length; ++i) {
            assets[i] = _model[i];
        }
    }
}
