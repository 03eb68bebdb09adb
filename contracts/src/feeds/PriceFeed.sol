// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IPriceFeed} from "../interfaces/IPriceFeed.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title PriceFeed
/// @notice Chainlink-compatible push feed with round history. On the devnet it serves asset prices
/// (BTC/USD, ...); on a live chain the SDK reads Chainlink's own feeds through the same interface.
contract PriceFeed is IPriceFeed, Ownable2Step {
    /// @dev One storage slot per round.
    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    /// @inheritdoc IPriceFeed
    uint80 public latestRound;

    /// @inheritdoc IPriceFeed
    mapping(address account => bool) public isUpdater;

    mapping(uint80 roundId => Round) internal _rounds;

    // Lower-case names are the AggregatorV3Interface getters (the ABI), not a naming slip.
    /// @inheritdoc AggregatorV3Interface
    // forge-lint: disable-next-line(screaming-snake-case-immutable)
    uint8 public immutable decimals; // solhint-disable-line immutable-vars-naming

    /// @inheritdoc AggregatorV3Interface
    // forge-lint: disable-next-line(screaming-snake-case-const)
    uint256 public constant version = 1; // solhint-disable-line const-name-snakecase

    /// @inheritdoc AggregatorV3Interface
    string public description;

    constructor(address owner_, uint8 decimals_, string memory description_) Ownable(owner_) {
        decimals = decimals_;
        description = description_;
    }

    /// @inheritdoc IPriceFeed
    function updateAnswer(int256 answer) external returns (uint80 roundId) {
        if (!isUpdater[msg.sender]) revert NotUpdater(msg.sender);
        if (answer > type(int192).max || answer < type(int192).min) revert AnswerOutOfRange(answer);
        unchecked {
            // A uint80 cannot be exhausted at one round per transaction.
            roundId = latestRound + 1;
        }
        latestRound = roundId;
        // Safe: the range check above keeps `answer` within int192.
        // forge-lint: disable-next-line(unsafe-typecast)
        _rounds[roundId] = Round({answer: int192(answer), updatedAt: uint64(block.timestamp)});
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    /// @inheritdoc IPriceFeed
    function setUpdater(address updater, bool allowed) external onlyOwner {
        isUpdater[updater] = allowed;
        emit UpdaterSet(updater, allowed);
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        return _round(roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return _round(latestRound);
    }

    function _round(uint80 roundId) internal view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = _rounds[roundId];
        // Every written round has a non-zero timestamp; round 0 is never written.
        if (round.updatedAt == 0) revert RoundNotFound(roundId);
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }
}
