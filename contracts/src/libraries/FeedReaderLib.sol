// SPDX-License-Identifier: MIT
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
        // A call to an address without code would revert in the caller, beyond try/catch.
        if (address(feed).code.length == 0) revert FeedUnavailable(address(feed));
        int256 answer;
        try feed.latestRoundData() returns (uint80, int256 answer_, uint256, uint256 updatedAt_, uint80) {
            (answer, updatedAt) = (answer_, updatedAt_);
        } catch {
            revert FeedUnavailable(address(feed));
        }
        if (answer <= 0) revert InvalidPrice(address(feed), answer);
        // Staleness is wall-clock age by design; a validator's few seconds of drift are far below any maxAge.
        // forge-lint: disable-next-line(block-timestamp)
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > maxAge) {
            revert StalePrice(address(feed), updatedAt, maxAge);
        }
        // Safe: `answer > 0` was checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        price = uint256(answer);
        decimals = feed.decimals();
    }
}
