// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeedRegistry} from "../interfaces/IPriceFeedRegistry.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title PriceFeedRegistry
/// @notice The list of assets the app shows prices for, each with its AggregatorV3 feed.
contract PriceFeedRegistry is IPriceFeedRegistry, Ownable2Step {
    uint256 internal constant MAX_SYMBOL_LENGTH = 32;
    uint256 internal constant MAX_NAME_LENGTH = 64;

    Asset[] internal _assets;
    /// @dev Index in `_assets` plus one; zero means not listed.
    mapping(bytes32 symbolKey => uint256) internal _positionOf;

    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IPriceFeedRegistry
    function listAsset(string calldata symbol, string calldata name, address feed) external onlyOwner {
        uint256 symbolLength = bytes(symbol).length;
        if (symbolLength == 0 || symbolLength > MAX_SYMBOL_LENGTH) revert InvalidSymbol(symbol);
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) revert InvalidName(name);
        if (feed.code.length == 0) revert InvalidFeed(feed);

        bytes32 key = keccak256(bytes(symbol));
        uint256 position = _positionOf[key];
        if (position == 0) {
            _assets.push(Asset({symbol: symbol, name: name, feed: feed}));
            _positionOf[key] = _assets.length;
        } else {
            Asset storage asset = _assets[position - 1];
            asset.name = name;
            asset.feed = feed;
        }
        emit AssetListed(key, symbol, name, feed);
    }

    /// @inheritdoc IPriceFeedRegistry
    function delistAsset(string calldata symbol) external onlyOwner {
        bytes32 key = keccak256(bytes(symbol));
        uint256 position = _positionOf[key];
        if (position == 0) revert AssetNotListed(symbol);
        address feed = _assets[position - 1].feed;

        // Swap and pop keeps delisting O(1).
        uint256 lastIndex = _assets.length - 1;
        if (position - 1 != lastIndex) {
            Asset storage moved = _assets[lastIndex];
            _assets[position - 1] = moved;
            _positionOf[keccak256(bytes(moved.symbol))] = position;
        }
        _assets.pop();
        delete _positionOf[key];
        emit AssetDelisted(key, symbol, feed);
    }

    /// @inheritdoc IPriceFeedRegistry
    function assetCount() external view returns (uint256) {
        return _assets.length;
    }

    /// @inheritdoc IPriceFeedRegistry
    function assetAt(uint256 index) external view returns (Asset memory) {
        if (index >= _assets.length) revert IndexOutOfRange(index, _assets.length);
        return _assets[index];
    }

    /// @inheritdoc IPriceFeedRegistry
    function getAsset(string calldata symbol) external view returns (Asset memory) {
        uint256 position = _positionOf[keccak256(bytes(symbol))];
        if (position == 0) revert AssetNotListed(symbol);
        return _assets[position - 1];
    }

    /// @inheritdoc IPriceFeedRegistry
    function getAssets() external view returns (Asset[] memory) {
        return _assets;
    }
}
