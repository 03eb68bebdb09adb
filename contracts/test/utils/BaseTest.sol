// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {PriceFeedRegistry} from "../../src/feeds/PriceFeedRegistry.sol";
import {IPriceFeedRegistry} from "../../src/interfaces/IPriceFeedRegistry.sol";
import {TickerLens} from "../../src/periphery/TickerLens.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared actors, deployments and bounded helpers for every suite.
abstract contract BaseTest is Test {
    /// @dev A realistic start time: block.timestamp 1 (forge's default) makes "an hour ago" underflow.
    uint256 internal constant START_TIME = 1_700_000_000;
    uint8 internal constant USD_DECIMALS = 8;
    int256 internal constant BTC_PRICE = 65_000e8;
    int256 internal constant ETH_PRICE = 3_500e8;

    address internal owner = makeAddr("owner");
    address internal updater = makeAddr("updater");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal stranger = makeAddr("stranger");

    PriceFeedRegistry internal registry;
    TickerLens internal lens;
    PriceFeed internal btcFeed;
    PriceFeed internal ethFeed;

    function setUp() public virtual {
        vm.warp(START_TIME);
        registry = new PriceFeedRegistry(owner);
        lens = new TickerLens();
        btcFeed = _deployFeed("BTC / USD");
        ethFeed = _deployFeed("ETH / USD");
        vm.label(address(registry), "registry");
        vm.label(address(lens), "lens");
        vm.label(address(btcFeed), "btcFeed");
        vm.label(address(ethFeed), "ethFeed");
    }

    /// @dev A USD feed owned by `owner` with `updater` authorised.
    function _deployFeed(string memory description) internal returns (PriceFeed feed) {
        feed = new PriceFeed(owner, USD_DECIMALS, description);
        vm.prank(owner);
        feed.setUpdater(updater, true);
    }

    function _pushAnswer(PriceFeed feed, int256 answer) internal returns (uint80 roundId) {
        vm.prank(updater);
        roundId = feed.updateAnswer(answer);
    }

    /// @dev Writes `count` rounds one hour apart, the first at the current time; answers rise by one
    /// dollar per round so every round is distinguishable. Returns the first round's timestamp.
    function _pushHourlyRounds(PriceFeed feed, uint256 count, int256 firstAnswer)
        internal
        returns (uint256 firstTimestamp)
    {
        firstTimestamp = block.timestamp;
        for (uint256 i; i < count; ++i) {
            if (i > 0) skip(1 hours);
            _pushAnswer(feed, firstAnswer + SafeCast.toInt256(i) * 1e8);
        }
    }

    function _setUpdater(PriceFeed feed, address account, bool allowed) internal {
        vm.prank(owner);
        feed.setUpdater(account, allowed);
    }

    function _listAsset(string memory symbol, string memory name, address feed) internal {
        vm.prank(owner);
        registry.listAsset(symbol, name, feed);
    }

    function _delistAsset(string memory symbol) internal {
        vm.prank(owner);
        registry.delistAsset(symbol);
    }

    function _assertRound(PriceFeed feed, uint80 roundId, int256 answer, uint256 updatedAt) internal view {
        (uint80 id, int256 storedAnswer, uint256 startedAt, uint256 storedUpdatedAt, uint80 answeredInRound) =
            feed.getRoundData(roundId);
        assertEq(id, roundId, "roundId");
        assertEq(storedAnswer, answer, "answer");
        assertEq(startedAt, updatedAt, "startedAt");
        assertEq(storedUpdatedAt, updatedAt, "updatedAt");
        assertEq(answeredInRound, roundId, "answeredInRound");
    }

    function _assertAsset(
        IPriceFeedRegistry.Asset memory asset,
        string memory symbol,
        string memory name,
        address feed
    ) internal pure {
        assertEq(asset.symbol, symbol, "symbol");
        assertEq(asset.name, name, "name");
        assertEq(asset.feed, feed, "feed");
    }

    /// @dev A string of `length` bytes, for the registry's length limits.
    function _stringOfLength(uint256 length) internal pure returns (string memory) {
        bytes memory text = new bytes(length);
        for (uint256 i; i < length; ++i) {
            text[i] = "A";
        }
        return string(text);
    }
}
