// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces and the reader library with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title AggregatorV3Interface
/// @notice Chainlink's standard price feed read interface. Our own feeds implement it so the SDK, the
/// pools and third parties read local and mainnet prices the same way.
/// @dev Chainlink's name is kept (no `I` prefix) so integrators recognise and share it.
// forge-lint: disable-next-item(interface-naming, interface-file-naming)
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice Number of decimals of every answer (USD feeds usually use 8).
    function decimals() external view returns (uint8);

    /// @notice Human-readable pair, e.g. "BTC / USD".
    function description() external view returns (string memory);

    /// @notice Implementation version.
    function version() external view returns (uint256);

    /// @notice One round of the feed.
    /// @dev Warning: a round may be stale or carry a zero or negative answer; readers must check
    /// `answer > 0` and `updatedAt` against their own staleness limit (see FeedReaderLib).
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The most recent round. Same warnings as `getRoundData`.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
