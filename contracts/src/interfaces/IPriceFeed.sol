// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces and the reader library with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IPriceFeed
/// @notice A push price feed with full round history, written by an owner-managed set of updaters and
/// read through Chainlink's AggregatorV3Interface.
/// @dev Round ids start at 1 and increase by exactly one per update. Each round is answered in the block
/// that writes it, so `startedAt == updatedAt` and `answeredInRound == roundId`. Timestamps are block
/// timestamps, hence non-decreasing with the round id.
interface IPriceFeed is AggregatorV3Interface {
    /// @notice The caller is not an authorised updater.
    error NotUpdater(address caller);
    /// @notice The answer does not fit the 192 bits a round stores.
    error AnswerOutOfRange(int256 answer);
    /// @notice No round with this id exists (0 for `latestRoundData` on a feed never written).
    error RoundNotFound(uint80 roundId);

    /// @notice Chainlink's event for a new answer; indexers follow it.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice An updater was authorised (`allowed`) or revoked.
    event UpdaterSet(address indexed updater, bool allowed);

    /// @notice Writes a new round with `answer` at the current block timestamp.
    /// @dev Only an authorised updater. The feed stores what it is given: it does not reject zero,
    /// negative or jumpy answers; readers decide what they accept.
    /// @return roundId The id of the new round.
    function updateAnswer(int256 answer) external returns (uint80 roundId);

    /// @notice Authorises or revokes an updater. Only the owner.
    function setUpdater(address updater, bool allowed) external;

    /// @notice Whether `account` may write answers.
    function isUpdater(address account) external view returns (bool);

    /// @notice Id of the latest round (0 when the feed has never been written).
    function latestRound() external view returns (uint80);
}
