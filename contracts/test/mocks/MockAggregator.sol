// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";

/// @notice A Chainlink-proxy-like feed for tests: round ids are `phaseId << 64 | aggregatorRoundId`, a new
/// phase restarts the aggregator round at 1 (as when Chainlink swaps the aggregator behind a proxy), and
/// each read can be made to revert to model a broken feed.
contract MockAggregator is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    error ReadDisabled();
    error NoDataPresent(uint80 roundId);

    /// @inheritdoc AggregatorV3Interface
    // forge-lint: disable-next-line(screaming-snake-case-const)
    uint256 public constant version = 4; // solhint-disable-line const-name-snakecase

    uint8 internal immutable _DECIMALS;

    uint16 public phaseId = 1;
    uint64 public aggregatorRoundId;
    uint80 public latestRoundId;
    bool public revertLatestRoundData;
    bool public revertGetRoundData;
    bool public revertDecimals;

    mapping(uint80 roundId => Round) internal _rounds;

    constructor(uint8 decimals_) {
        _DECIMALS = decimals_;
    }

    /// @notice Starts a new phase; its first round will be `phaseId << 64 | 1`.
    function setPhase(uint16 newPhaseId) external {
        phaseId = newPhaseId;
        aggregatorRoundId = 0;
    }

    /// @notice Appends a round to the current phase and makes it the latest.
    function pushRound(int256 answer, uint256 updatedAt) external returns (uint80 roundId) {
        ++aggregatorRoundId;
        roundId = (uint80(phaseId) << 64) | aggregatorRoundId;
        _rounds[roundId] = Round({answer: answer, updatedAt: updatedAt});
        latestRoundId = roundId;
    }

    /// @notice Reports an arbitrary latest round (e.g. id 0, as some non-Chainlink adapters do).
    function forceLatestRound(uint80 roundId, int256 answer, uint256 updatedAt) external {
        _rounds[roundId] = Round({answer: answer, updatedAt: updatedAt});
        latestRoundId = roundId;
    }

    /// @notice Forgets a round, so reading it reverts: a gap in the history.
    function deleteRound(uint80 roundId) external {
        delete _rounds[roundId];
    }

    /// @notice Makes the given reads revert, to model a broken or paused feed.
    function setReverts(bool latestRoundData_, bool getRoundData_, bool decimals_) external {
        (revertLatestRoundData, revertGetRoundData, revertDecimals) =
        (latestRoundData_, getRoundData_, decimals_);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        if (revertDecimals) revert ReadDisabled();
        return _DECIMALS;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "MOCK / USD";
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (revertGetRoundData) revert ReadDisabled();
        return _round(roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        if (revertLatestRoundData) revert ReadDisabled();
        return _round(latestRoundId);
    }

    function _round(uint80 roundId) internal view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = _rounds[roundId];
        // Modern Chainlink aggregators revert on unknown rounds rather than returning zeros.
        if (round.updatedAt == 0) revert NoDataPresent(roundId);
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }
}
