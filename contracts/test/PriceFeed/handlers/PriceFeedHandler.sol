// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../../src/feeds/PriceFeed.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives a PriceFeed with random writes (from updaters and non-updaters, in and out of the int192
/// range), time steps and updater changes, and records in ghost variables what must have happened.
/// Never reverts: every call that may revert is wrapped in try/catch and its outcome is checked instead.
contract PriceFeedHandler is CommonBase, StdCheats, StdUtils {
    struct GhostRound {
        int256 answer;
        uint256 updatedAt;
        address writer;
    }

    uint256 internal constant MAX_TIME_STEP = 3 days;

    PriceFeed public immutable FEED;
    address public immutable OWNER;

    address[] internal _actors;
    GhostRound[] internal _ghostRounds;

    /// @notice Whether each actor is an updater, per the handler's own bookkeeping.
    mapping(address account => bool) public ghostIsUpdater;
    /// @notice Writes that succeeded although the writer was not an updater or the answer was out of range.
    uint256 public ghostUnauthorizedWrites;
    /// @notice Valid writes by an updater that reverted anyway.
    uint256 public ghostRejectedValidWrites;

    constructor(PriceFeed feed, address feedOwner) {
        FEED = feed;
        OWNER = feedOwner;
        _actors.push(makeAddr("updaterA"));
        _actors.push(makeAddr("updaterB"));
        _actors.push(makeAddr("outsiderA"));
        _actors.push(makeAddr("outsiderB"));
        _actors.push(feedOwner);
    }

    /// @notice Called once from the test's setUp: two of the five actors start as updaters.
    function authoriseInitialUpdaters() external {
        _setUpdater(_actors[0], true);
        _setUpdater(_actors[1], true);
    }

    function updateAnswer(uint256 actorSeed, int256 answer, uint8 rangeSeed) external {
        address actor = _actors[actorSeed % _actors.length];
        // One write in eight tries an answer outside int192; the rest stay inside it.
        bool inRange = rangeSeed % 8 != 0;
        if (inRange) answer = bound(answer, type(int192).min, type(int192).max);
        else if (answer >= 0) answer = bound(answer, int256(type(int192).max) + 1, type(int256).max);
        else answer = bound(answer, type(int256).min, int256(type(int192).min) - 1);

        bool shouldSucceed = inRange && ghostIsUpdater[actor];
        vm.prank(actor);
        try FEED.updateAnswer(answer) returns (uint80) {
            if (!shouldSucceed) ++ghostUnauthorizedWrites;
            _ghostRounds.push(GhostRound({answer: answer, updatedAt: block.timestamp, writer: actor}));
        } catch {
            if (shouldSucceed) ++ghostRejectedValidWrites;
        }
    }

    function warp(uint256 step) external {
        skip(bound(step, 0, MAX_TIME_STEP));
    }

    function setUpdater(uint256 actorSeed, bool allowed) external {
        _setUpdater(_actors[actorSeed % _actors.length], allowed);
    }

    function ghostRoundCount() external view returns (uint256) {
        return _ghostRounds.length;
    }

    /// @notice What round `roundId` (1-based) must return.
    function ghostRound(uint256 roundId) external view returns (GhostRound memory) {
        return _ghostRounds[roundId - 1];
    }

    /// @notice Every successful write, oldest first: entry i is round i + 1.
    function ghostRounds() external view returns (GhostRound[] memory) {
        return _ghostRounds;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function _setUpdater(address account, bool allowed) internal {
        vm.prank(OWNER);
        FEED.setUpdater(account, allowed);
        ghostIsUpdater[account] = allowed;
    }
}
