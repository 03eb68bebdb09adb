// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IFloorOracle} from "./IFloorOracle.sol";

/// @title IFloorFeed
/// @author Hypotheca
/// @notice One collection's floor from an IFloorOracle, read through Chainlink's AggregatorV3Interface, in
/// ETH (18 decimals) or, with a quote feed (e.g. ETH / USD), in the quote's unit and decimals.
/// @dev Round ids are the oracle's; `startedAt == updatedAt` and `answeredInRound == roundId`. In quote
/// mode the answer is floor * quote / 1e18 (rounded down) with the quote's latest answer, and `updatedAt`
/// is the older of the two, so a consumer's staleness check covers both sources; only the latest round
/// can be read (a past floor at today's quote would be neither past nor present). No price: the oracle's
/// `NoPrice` / `RoundNotFound` bubble up. The feed returns the spot value: a paused oracle price is still
/// returned (pause is enforced by `IFloorOracle.borrowPrice`).
interface IFloorFeed is AggregatorV3Interface {
    /// @notice A constructor address (`name`) is zero.
    error ZeroAddress(bytes32 name);
    /// @notice `quoteFeed` has no code or does not answer `decimals()`.
    error InvalidQuoteFeed(address quoteFeed);
    /// @notice The quote feed answered zero or a negative value.
    error InvalidQuoteAnswer(address quoteFeed, int256 answer);
    /// @notice Quote mode serves only the latest round, `latestRoundId`.
    error QuotedRoundUnavailable(uint80 roundId, uint80 latestRoundId);

    /// @notice The floor oracle.
    /// @return The oracle.
    function oracle() external view returns (IFloorOracle);

    /// @notice The collection this feed prices.
    /// @return The collection.
    function collection() external view returns (address);

    /// @notice The quote feed (0 = answers in ETH).
    /// @return The quote feed.
    function quoteFeed() external view returns (AggregatorV3Interface);
}
