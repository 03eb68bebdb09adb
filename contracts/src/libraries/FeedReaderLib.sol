// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces and the reader library with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title FeedReaderLib
/// @notice The checks every consumer of an AggregatorV3 feed needs before trusting a price: the feed
/// exists and answers, the answer is positive, and it is fresh. Used for new risk (borrowing); paths
/// that reduce risk (repay) must not depend on it.
library FeedReaderLib {
    /// @notice The feed has no code or its `latestRoundData` reverted.
    error FeedUnavailable(address feed);
    /// @notice The answer is zero or negative.
    error InvalidPrice(address feed, int256 answer);
    /// @notice The latest answer is older than `maxAge` seconds (or dated in the future).
    error StalePrice(address feed, uint256 updatedAt, uint256 maxAge);

    /// @notice Latest positive answer of `feed`, not older than `maxAge` seconds.
    /// @return price The answer, in `decimals` decimals.
    /// @return decimals The feed's decimals.
    /// @return updatedAt When the answer was written.
    function readPrice(AggregatorV3Interface feed, uint256 maxAge)
        internal
        view
        returns (uint256 price, uint8 decimals, uint256 updatedAt)
    {
        bool ok;
        int256 answer;
        (ok,, answer, updatedAt) = tryLatestRound(address(feed));
        if (!ok) revert FeedUnavailable(address(feed));
        (ok, decimals) = tryDecimals(address(feed));
        if (!ok) revert FeedUnavailable(address(feed));
        if (answer <= 0) revert InvalidPrice(address(feed), answer);
        // Staleness is wall-clock age by design; a validator's few seconds of drift are far below any maxAge.
        // forge-lint: disable-next-line(block-timestamp)
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > maxAge) {
            revert StalePrice(address(feed), updatedAt, maxAge);
        }
        // Safe: `answer > 0` was checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        price = uint256(answer);
    }

    /// @notice `latestRoundData()` that reports failure instead of reverting: no code, a revert, short or
    /// malformed return data (e.g. an account whose fallback returns nothing) all give `ok = false`.
    function tryLatestRound(address feed)
        internal
        view
        returns (bool ok, uint80 roundId, int256 answer, uint256 updatedAt)
    {
        return _tryRoundCall(feed, abi.encodeCall(AggregatorV3Interface.latestRoundData, ()));
    }

    /// @notice `getRoundData(roundId)` with the failure rules of `tryLatestRound`.
    function tryRound(address feed, uint80 roundId)
        internal
        view
        returns (bool ok, uint80 roundId_, int256 answer, uint256 updatedAt)
    {
        return _tryRoundCall(feed, abi.encodeCall(AggregatorV3Interface.getRoundData, (roundId)));
    }

    /// @notice `decimals()` with the failure rules of `tryLatestRound`.
    function tryDecimals(address feed) internal view returns (bool ok, uint8 decimals) {
        bytes memory data = abi.encodeCall(AggregatorV3Interface.decimals, ());
        uint256 raw;
        assembly ("memory-safe") {
            // Yul evaluates arguments right to left: read returndatasize only after the call.
            ok := staticcall(gas(), feed, add(data, 0x20), mload(data), 0x00, 0x20)
            ok := and(ok, gt(returndatasize(), 0x1f))
            raw := mload(0x00)
        }
        if (!ok || raw > type(uint8).max) return (false, 0);
        // Safe: range checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        decimals = uint8(raw);
    }

    /// @dev Copies at most the five words of round data: a hostile feed cannot return-bomb the reader.
    function _tryRoundCall(address feed, bytes memory data)
        private
        view
        returns (bool ok, uint80 roundId, int256 answer, uint256 updatedAt)
    {
        uint256 rawRoundId;
        assembly ("memory-safe") {
            let out := mload(0x40)
            ok := staticcall(gas(), feed, add(data, 0x20), mload(data), out, 0xa0)
            ok := and(ok, gt(returndatasize(), 0x9f))
            rawRoundId := mload(out)
            answer := mload(add(out, 0x20))
            updatedAt := mload(add(out, 0x60))
        }
        if (!ok || rawRoundId > type(uint80).max) return (false, 0, 0, 0);
        // Safe: range checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        roundId = uint80(rawRoundId);
    }
}
