// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";
import {FloorOracleHandler} from "./handlers/FloorOracleHandler.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";

/// @notice Invariants of the floor oracle under random reports, time steps, feeder changes and pauses
/// (see docs/pools-and-oracle.md, "Invariants"). The handler records every accepted value; these checks
/// compare the oracle with that history after every call.
contract FloorOracleInvariantTest is FloorOracleBaseTest {
    FloorOracleHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new FloorOracleHandler(oracle, collection, owner, guardian, feeders);

        // Reports dominate so that runs reach many values; time steps make the spacing and ageing matter.
        bytes4[10] memory weighted = [
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.submit.selector,
            FloorOracleHandler.warp.selector,
            FloorOracleHandler.warp.selector,
            FloorOracleHandler.setFeeder.selector,
            FloorOracleHandler.setPaused.selector
        ];
        bytes4[] memory selectors = new bytes4[](weighted.length);
        for (uint256 i; i < weighted.length; ++i) {
            selectors[i] = weighted[i];
        }
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_everyCallMatchesTheRules() public view {
        assertEq(handler.ghostUnexpectedOutcomes(), 0, "a feeder was rejected or a non-feeder accepted");
    }

    /// @dev Round ids run 1..n without gaps, each reads back as recorded, and times are at least
    /// minSpacing apart (so strictly increasing).
    function invariant_roundsIncreaseAndAreSpaced() public {
        (uint256[] memory times, uint256[] memory prices) = handler.ghostHistory();
        uint256 count = times.length;
        assertEq(_roundId(), count, "latest round id = accepted values");
        for (uint256 i; i < count; ++i) {
            IFloorOracle.Round memory round = oracle.getRound(collection, i + 1);
            if (round.price != prices[i] || round.updatedAt != times[i]) {
                assertEq(round.price, prices[i], "round price");
                assertEq(round.updatedAt, times[i], "round time");
            }
            if (i > 0 && times[i] < times[i - 1] + MIN_SPACING) {
                assertGe(times[i], times[i - 1] + MIN_SPACING, "spacing");
            }
        }
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.RoundNotFound.selector, collection, count + 1));
        oracle.getRound(collection, count + 1);
    }

    /// @dev Each value moved at most maxDeviationBps from the previous one.
    function invariant_priceWithinClampOfPrevious() public view {
        (, uint256[] memory prices) = handler.ghostHistory();
        for (uint256 i = 1; i < prices.length; ++i) {
            uint256 last = prices[i - 1];
            uint256 move = prices[i] > last ? prices[i] - last : last - prices[i];
            if (move * BPS > last * MAX_DEVIATION_BPS) {
                assertLe(move * BPS, last * MAX_DEVIATION_BPS, "deviation cap");
            }
        }
    }

    /// @dev The TWAP equals the naive integration of the history and lies between the lowest and highest
    /// value in force during the window; liquidationPrice is the TWAP and never reverts once priced.
    function invariant_twapWithinWindowRange() public view {
        (uint256[] memory times, uint256[] memory prices) = handler.ghostHistory();
        if (times.length == 0) return;
        uint256 average = oracle.twap(collection);
        (uint256 low, uint256 high) = _rangeOverWindowOf(times, prices, TWAP_WINDOW);
        assertGe(average, low, "twap >= lowest value in the window");
        assertLe(average, high, "twap <= highest value in the window");
        assertEq(average, _referenceTwapOf(times, prices, TWAP_WINDOW), "twap = reference");
        assertEq(oracle.liquidationPrice(collection), average, "liquidation price = twap");
    }

    /// @dev borrowPrice is min(spot, twap), or reverts for exactly the pause, no value, or staleness.
    function invariant_borrowPriceIsMinOfSpotAndTwapOrReverts() public view {
        uint256 count = handler.ghostRoundCount();
        try oracle.borrowPrice(collection) returns (uint256 price) {
            assertFalse(handler.ghostPaused(), "served while paused");
            assertGt(count, 0, "served without a value");
            (uint256 spot, uint256 updatedAt,) = oracle.latestPrice(collection);
            uint256 average = oracle.twap(collection);
            assertLe(block.timestamp - updatedAt, MAX_STALENESS, "served while stale");
            assertLe(price, spot, "<= spot");
            assertLe(price, average, "<= twap");
            assertEq(price, spot < average ? spot : average, "= min");
        } catch (bytes memory reason) {
            bytes memory expected;
            if (handler.ghostPaused()) {
                expected = abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection);
            } else if (count == 0) {
                expected = abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection);
            } else {
                (, uint256 updatedAt,) = oracle.latestPrice(collection);
                assertGt(block.timestamp - updatedAt, MAX_STALENESS, "reverted while fresh");
                expected = abi.encodeWithSelector(
                    IFloorOracle.StalePrice.selector, collection, updatedAt, MAX_STALENESS
                );
            }
            assertEq(reason, expected, "revert reason");
        }
    }

    /// @dev The oracle's feeder list is the handler's model.
    function invariant_feedersMatchModel() public view {
        address[] memory candidates = handler.accounts();
        address[] memory list = oracle.feeders(collection);
        uint256 expected;
        for (uint256 i; i < candidates.length; ++i) {
            if (handler.ghostIsFeeder(candidates[i])) ++expected;
        }
        assertEq(list.length, expected, "feeder count");
        for (uint256 i; i < list.length; ++i) {
            assertTrue(handler.ghostIsFeeder(list[i]), "listed feeder is authorised in the model");
        }
    }
}
