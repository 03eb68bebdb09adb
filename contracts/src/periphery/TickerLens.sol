// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeedRegistry} from "../interfaces/IPriceFeedRegistry.sol";
import {FeedReaderLib} from "../libraries/FeedReaderLib.sol";

/// @title TickerLens
/// @notice Read-only: the latest round of many feeds and, for each, the last round at or before a past
/// time, in one call. Uses only AggregatorV3Interface, so it reads Chainlink's feeds too; the SDK also
/// runs it without deployment (an eth_call carrying its bytecode).
/// @dev Chainlink round ids are `phaseId << 64 | aggregatorRoundId`; the past round is searched in the
/// latest phase only. A feed that reverts or has no code is reported with `hasData = false` rather than
/// failing the whole read.
contract TickerLens {
    struct Quote {
        address feed;
        bool hasData;
        uint8 decimals;
        uint80 roundId;
        int256 answer;
        uint256 updatedAt;
        /// @dev 0 when the feed has no round at or before `since` in its latest phase.
        uint80 pastRoundId;
        int256 pastAnswer;
        uint256 pastUpdatedAt;
    }

    struct AssetQuote {
        string symbol;
        string name;
        Quote quote;
    }

    /// @notice Quotes for every asset of `registry`, in the registry's order.
    function quoteRegistry(IPriceFeedRegistry registry, uint256 since)
        external
        view
        returns (AssetQuote[] memory quotes)
    {
        IPriceFeedRegistry.Asset[] memory assets = registry.getAssets();
        quotes = new AssetQuote[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            quotes[i] = AssetQuote({
                symbol: assets[i].symbol, name: assets[i].name, quote: quote(assets[i].feed, since)
            });
        }
    }

    /// @notice Quotes for `feeds`, in the same order.
    function quoteFeeds(address[] calldata feeds, uint256 since)
        external
        view
        returns (Quote[] memory quotes)
    {
        quotes = new Quote[](feeds.length);
        for (uint256 i; i < feeds.length; ++i) {
            quotes[i] = quote(feeds[i], since);
        }
    }

    /// @notice Latest round of `feed` and its last round at or before `since`.
    function quote(address feed, uint256 since) public view returns (Quote memory result) {
        result.feed = feed;
        bool ok;
        (ok, result.roundId, result.answer, result.updatedAt) = FeedReaderLib.tryLatestRound(feed);
        if (!ok) return result;
        (ok, result.decimals) = FeedReaderLib.tryDecimals(feed);
        if (!ok) return result;
        result.hasData = true;
        (result.pastRoundId, result.pastAnswer, result.pastUpdatedAt) = _roundAtOrBefore(feed, result, since);
    }

    /// @dev Binary search over the latest phase; timestamps are non-decreasing with the round id.
    function _roundAtOrBefore(address feed, Quote memory latest, uint256 since)
        internal
        view
        returns (uint80 roundId, int256 answer, uint256 updatedAt)
    {
        if (latest.updatedAt <= since) return (latest.roundId, latest.answer, latest.updatedAt);
        uint80 low = (latest.roundId >> 64 << 64) | 1;
        // No earlier round in the phase; also keeps a feed reporting round 0 from underflowing below.
        if (latest.roundId <= low) return (0, 0, 0);
        uint80 high = latest.roundId - 1; // the latest round is known to be too new
        while (low <= high) {
            uint80 middle = low + (high - low) / 2;
            (bool ok,, int256 middleAnswer, uint256 middleUpdatedAt) = FeedReaderLib.tryRound(feed, middle);
            // Chainlink's older aggregators answer a missing round with zeros instead of reverting.
            if (!ok || middleUpdatedAt == 0) return (0, 0, 0);
            if (middleUpdatedAt <= since) {
                (roundId, answer, updatedAt) = (middle, middleAnswer, middleUpdatedAt);
                low = middle + 1;
            } else {
                high = middle - 1; // middle >= low >= 1: no underflow
            }
        }
    }
}
