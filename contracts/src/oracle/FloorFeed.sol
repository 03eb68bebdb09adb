// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IFloorFeed} from "../interfaces/IFloorFeed.sol";
import {IFloorOracle} from "../interfaces/IFloorOracle.sol";
import {FeedReaderLib} from "../libraries/FeedReaderLib.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title FloorFeed
/// @author Hypotheca
/// @notice Chainlink-compatible view of one collection's floor from the FloorOracle, in ETH or quoted
/// through another feed (e.g. ETH / USD). Immutable and stateless apart from its description.
contract FloorFeed is IFloorFeed {
    /// @dev The oracle's prices are ETH with 18 decimals.
    uint8 internal constant ETH_DECIMALS = 18;

    IFloorOracle internal immutable _ORACLE;
    address internal immutable _COLLECTION;
    AggregatorV3Interface internal immutable _QUOTE_FEED;
    uint8 internal immutable _DECIMALS;

    /// @inheritdoc AggregatorV3Interface
    string public description;

    /// @notice Binds the feed to one collection of `oracle_`, optionally quoted through `quoteFeed_`.
    /// @param oracle_ The floor oracle.
    /// @param collection_ The collection.
    /// @param description_ E.g. "Azuki / ETH" or "Azuki / USD".
    /// @param quoteFeed_ ETH / quote feed, or 0 for answers in ETH.
    constructor(
        IFloorOracle oracle_,
        address collection_,
        string memory description_,
        AggregatorV3Interface quoteFeed_
    ) {
        if (address(oracle_) == address(0)) revert ZeroAddress("oracle");
        if (collection_ == address(0)) revert ZeroAddress("collection");
        uint8 decimals_ = ETH_DECIMALS;
        if (address(quoteFeed_) != address(0)) {
            bool ok;
            (ok, decimals_) = FeedReaderLib.tryDecimals(address(quoteFeed_));
            if (!ok) revert InvalidQuoteFeed(address(quoteFeed_));
        }
        _ORACLE = oracle_;
        _COLLECTION = collection_;
        _QUOTE_FEED = quoteFeed_;
        _DECIMALS = decimals_;
        description = description_;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _DECIMALS;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        (uint256 price, uint256 updatedAt, uint256 roundId) = _ORACLE.latestPrice(_COLLECTION);
        return _answer(roundId, price, updatedAt);
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (address(_QUOTE_FEED) == address(0)) {
            IFloorOracle.Round memory round = _ORACLE.getRound(_COLLECTION, roundId);
            return _answer(roundId, round.price, round.updatedAt);
        }
        (uint256 price, uint256 updatedAt, uint256 latestRoundId) = _ORACLE.latestPrice(_COLLECTION);
        if (roundId != latestRoundId) {
            revert QuotedRoundUnavailable(roundId, SafeCast.toUint80(latestRoundId));
        }
        return _answer(latestRoundId, price, updatedAt);
    }

    /// @inheritdoc IFloorFeed
    function oracle() external view returns (IFloorOracle) {
        return _ORACLE;
    }

    /// @inheritdoc IFloorFeed
    function collection() external view returns (address) {
        return _COLLECTION;
    }

    /// @inheritdoc IFloorFeed
    function quoteFeed() external view returns (AggregatorV3Interface) {
        return _QUOTE_FEED;
    }

    /// @dev The round in this feed's unit: the floor itself, or floor * quote / 1e18 dated at the older
    /// of the two updates.
    function _answer(uint256 roundId, uint256 price, uint256 updatedAt)
        internal
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        if (address(_QUOTE_FEED) != address(0)) {
            (, int256 quote,, uint256 quoteUpdatedAt,) = _QUOTE_FEED.latestRoundData();
            if (quote < 1) revert InvalidQuoteAnswer(address(_QUOTE_FEED), quote);
            price = Math.mulDiv(price, SafeCast.toUint256(quote), 10 ** ETH_DECIMALS);
            if (quoteUpdatedAt < updatedAt) updatedAt = quoteUpdatedAt;
        }
        uint80 id = SafeCast.toUint80(roundId);
        return (id, SafeCast.toInt256(price), updatedAt, updatedAt, id);
    }
}
