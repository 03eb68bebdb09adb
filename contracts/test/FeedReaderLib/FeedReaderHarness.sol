// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";
import {FeedReaderLib} from "../../src/libraries/FeedReaderLib.sol";

/// @notice Exposes the internal library function so tests can call it and expect its reverts.
contract FeedReaderHarness {
    function readPrice(AggregatorV3Interface feed, uint256 maxAge)
        external
        view
        returns (uint256 price, uint8 decimals, uint256 updatedAt)
    {
        return FeedReaderLib.readPrice(feed, maxAge);
    }
}
