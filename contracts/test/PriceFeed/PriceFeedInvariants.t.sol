// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {IPriceFeed} from "../../src/interfaces/IPriceFeed.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {PriceFeedHandler} from "./handlers/PriceFeedHandler.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";

/// @notice Invariants of a PriceFeed under random writes, time steps and updater changes.
contract PriceFeedInvariantTest is BaseTest {
    PriceFeed internal feed;
    PriceFeedHandler internal handler;

    function setUp() public override {
        super.setUp();
        feed = new PriceFeed(owner, USD_DECIMALS, "BTC / USD");
        handler = new PriceFeedHandler(feed, owner);
        handler.authoriseInitialUpdaters();

        bytes4[] memory selectors = new bytes4[](3);
        selectors[0] = PriceFeedHandler.updateAnswer.selector;
        selectors[1] = PriceFeedHandler.warp.selector;
        selectors[2] = PriceFeedHandler.setUpdater.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_latestRoundEqualsSuccessfulUpdates() public view {
        assertEq(feed.latestRound(), handler.ghostRoundCount(), "latestRound");
    }

    /// @dev Runs after every handler call over the whole history, so it compares first and asserts only
    /// on a mismatch (one assertion per field per round would dominate the run time).
    function invariant_everyRoundReturnsWhatWasWritten() public view {
        PriceFeedHandler.GhostRound[] memory expected = handler.ghostRounds();
        for (uint256 i; i < expected.length; ++i) {
            uint80 roundId = SafeCast.toUint80(i + 1);
            (uint80 id, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
                feed.getRoundData(roundId);
            if (
                id != roundId || answeredInRound != roundId || answer != expected[i].answer
                    || startedAt != expected[i].updatedAt || updatedAt != expected[i].updatedAt
            ) {
                _assertRound(feed, roundId, expected[i].answer, expected[i].updatedAt);
            }
        }
    }

    function invariant_latestRoundDataIsLastWrite() public {
        uint256 count = handler.ghostRoundCount();
        if (count == 0) {
            vm.expectRevert(abi.encodeWithSelector(IPriceFeed.RoundNotFound.selector, uint80(0)));
            feed.latestRoundData();
            return;
        }
        PriceFeedHandler.GhostRound memory last = handler.ghostRound(count);
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(roundId, count, "roundId");
        assertEq(answer, last.answer, "answer");
        assertEq(updatedAt, last.updatedAt, "updatedAt");
    }

    function invariant_timestampsNonDecreasingInRoundId() public view {
        uint80 latestRound = feed.latestRound();
        uint256 previous;
        for (uint80 roundId = 1; roundId <= latestRound; ++roundId) {
            (,,, uint256 updatedAt,) = feed.getRoundData(roundId);
            if (updatedAt < previous) assertGe(updatedAt, previous, "timestamp went back");
            previous = updatedAt;
        }
    }

    function invariant_onlyUpdatersWrite() public view {
        assertEq(handler.ghostUnauthorizedWrites(), 0, "a non-updater or out-of-range write succeeded");
        assertEq(handler.ghostRejectedValidWrites(), 0, "a valid updater write reverted");
    }

    function invariant_updaterSetMatchesGhost() public view {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) {
            assertEq(feed.isUpdater(actors[i]), handler.ghostIsUpdater(actors[i]), "isUpdater");
        }
    }
}
