// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../../src/interfaces/IFloorOracle.sol";
import {FloorOracle} from "../../../../src/oracle/FloorOracle.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

/// @notice Drives one collection of a FloorOracle with reports from random accounts (authorised or not)
/// at random prices around a drifting market (with jumps and wild outliers), time steps, feeder grants and
/// revocations, and pauses. Records every accepted value from the oracle's PriceUpdated round, and counts
/// calls whose outcome contradicts the rules. Never reverts.
contract FloorOracleHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant SHORT_STEP = 15 minutes;
    uint256 internal constant LONG_STEP = 3 hours;

    FloorOracle public immutable ORACLE;
    address public immutable COLLECTION;
    address public immutable OWNER;
    address public immutable GUARDIAN;

    /// @dev Candidate feeders; the last one is never authorised.
    address[] internal _accounts;
    /// @dev The market the honest reports follow (ETH, 18 decimals).
    uint256 internal _market = 10 ether;

    uint256[] internal _times;
    uint256[] internal _prices;

    mapping(address account => bool) public ghostIsFeeder;
    bool public ghostPaused;
    /// @notice Calls whose success or failure contradicted the model (a feeder rejected, a stranger
    /// accepted, an admin call that reverted).
    uint256 public ghostUnexpectedOutcomes;
    uint256 public ghostSubmits;
    uint256 public ghostSpreadRejections;
    /// @notice Accepted values that the deviation clamp moved away from their median.
    uint256 public ghostClampedValues;

    constructor(
        FloorOracle oracle,
        address collection,
        address owner,
        address guardian,
        address[] memory feeders
    ) {
        ORACLE = oracle;
        COLLECTION = collection;
        OWNER = owner;
        GUARDIAN = guardian;
        for (uint256 i; i < feeders.length; ++i) {
            _accounts.push(feeders[i]);
            ghostIsFeeder[feeders[i]] = true;
        }
        _accounts.push(makeAddr("candidateA"));
        _accounts.push(makeAddr("candidateB"));
        _accounts.push(makeAddr("outsider"));
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice A report within 2% of the market; one in eight after a market jump of up to 15% (beyond the
    /// clamp), one in sixteen a wild price (1 wei .. 2^128 - 1) that trips the spread check until replaced.
    function submit(uint256 accountSeed, uint256 priceSeed, uint8 mode) external {
        address account = _accounts[accountSeed % _accounts.length];
        uint256 price;
        if (mode % 16 == 15) {
            price = bound(priceSeed, 1, type(uint128).max);
        } else {
            if (mode % 16 > 12) {
                _market = bound(priceSeed >> 128, _market * 85 / 100, _market * 115 / 100) + 1;
            }
            price = bound(priceSeed, _market * 98 / 100, _market * 102 / 100);
        }

        uint256 roundBefore = _latestRound();
        vm.recordLogs();
        vm.prank(account);
        try ORACLE.submit(COLLECTION, price) {
            if (!ghostIsFeeder[account]) ++ghostUnexpectedOutcomes;
            ++ghostSubmits;
        } catch (bytes memory reason) {
            bytes memory expected =
                abi.encodeWithSelector(IFloorOracle.NotFeeder.selector, COLLECTION, account);
            if (ghostIsFeeder[account] || keccak256(reason) != keccak256(expected)) {
                ++ghostUnexpectedOutcomes;
            }
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 roundAfter = _latestRound();
        if (roundAfter == roundBefore) {
            if (logs.length == 2) ++ghostSpreadRejections;
            return;
        }
        if (roundAfter != roundBefore + 1) ++ghostUnexpectedOutcomes;
        (uint256 accepted, uint256 updatedAt,) = ORACLE.latestPrice(COLLECTION);
        (, uint256 median,) = abi.decode(logs[logs.length - 1].data, (uint256, uint256, uint256));
        if (median != accepted) ++ghostClampedValues;
        _times.push(updatedAt);
        _prices.push(accepted);
    }

    /// @notice Mostly short steps (reports stay fresh, the spacing passes); one in eight long enough to age
    /// reports out and make the price stale.
    function warp(uint256 step) external {
        skip(bound(step, 0, step % 8 == 0 ? LONG_STEP : SHORT_STEP));
    }

    /// @notice Grants or revokes one of the candidates (never the outsider).
    function setFeeder(uint256 accountSeed, bool authorised) external {
        address account = _accounts[accountSeed % (_accounts.length - 1)];
        vm.prank(OWNER);
        try ORACLE.setFeeder(COLLECTION, account, authorised) {
            ghostIsFeeder[account] = authorised;
        } catch {
            ++ghostUnexpectedOutcomes;
        }
    }

    function setPaused(bool paused) external {
        vm.prank(GUARDIAN);
        try ORACLE.setPaused(COLLECTION, paused) {
            ghostPaused = paused;
        } catch {
            ++ghostUnexpectedOutcomes;
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 GHOSTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Accepted values in order: (time, price) of rounds 1, 2, ...
    function ghostHistory() external view returns (uint256[] memory times, uint256[] memory prices) {
        return (_times, _prices);
    }

    function ghostRoundCount() external view returns (uint256) {
        return _times.length;
    }

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function _latestRound() internal view returns (uint256 roundId) {
        try ORACLE.latestPrice(COLLECTION) returns (uint256, uint256, uint256 id) {
            roundId = id;
        } catch {
            roundId = 0; // no value yet
        }
    }
}
