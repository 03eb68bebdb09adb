// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces and the reader library with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title IPriceFeedRegistry
/// @notice Maps assets (symbol, name) to their AggregatorV3 price feed, so apps discover every feed from
/// one address. The owner (meant to be a timelock or multisig) lists, replaces and delists assets.
interface IPriceFeedRegistry {
    struct Asset {
        string symbol;
        string name;
        address feed;
    }

    /// @notice Symbol is empty or longer than 32 bytes (symbols are keyed by their hash, shown as text).
    error InvalidSymbol(string symbol);
    /// @notice Name is empty or longer than 64 bytes.
    error InvalidName(string name);
    /// @notice The feed address holds no code.
    error InvalidFeed(address feed);
    /// @notice No asset is listed under this symbol.
    error AssetNotListed(string symbol);
    /// @notice `index` is not below the number of listed assets.
    error IndexOutOfRange(uint256 index, uint256 count);

    /// @notice An asset was listed, or its name or feed replaced.
    event AssetListed(bytes32 indexed symbolKey, string symbol, string name, address indexed feed);
    /// @notice An asset was removed from the registry.
    event AssetDelisted(bytes32 indexed symbolKey, string symbol, address indexed feed);

    /// @notice Lists `symbol`, or replaces the name and feed of an already listed symbol. Only the owner.
    /// @dev Symbols are case-sensitive and used exactly as given (e.g. "BTC").
    function listAsset(string calldata symbol, string calldata name, address feed) external;

    /// @notice Removes `symbol`. Only the owner. The order of the remaining assets may change.
    function delistAsset(string calldata symbol) external;

    /// @notice Number of listed assets.
    function assetCount() external view returns (uint256);

    /// @notice The asset at `index` (0-based, order not stable across delistings).
    function assetAt(uint256 index) external view returns (Asset memory);

    /// @notice The asset listed under `symbol`; reverts with AssetNotListed when there is none.
    function getAsset(string calldata symbol) external view returns (Asset memory);

    /// @notice Every listed asset.
    function getAssets() external view returns (Asset[] memory);
}
