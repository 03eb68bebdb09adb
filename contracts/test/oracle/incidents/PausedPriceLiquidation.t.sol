// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";

/// @notice Incident class: a pause or a stale price that blocks repayment or liquidation (BendDAO's
/// stale flag once blocked more than new borrowing). Here pause and staleness guard `borrowPrice` only;
/// `liquidationPrice` keeps answering and following new values, so health checks and auctions run.
contract PausedPriceLiquidationTest is FloorOracleBaseTest {
    function setUp() public override {
        super.setUp();
        _quorum(10 ether);
        skip(TWAP_WINDOW);
        vm.prank(guardian);
        oracle.setPaused(collection, true);
    }

    function test_pausedPrice_liquidationPriceKeepsWorking() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection));
        oracle.borrowPrice(collection);
        assertEq(oracle.liquidationPrice(collection), 10 ether, "liquidation price");
    }

    function test_pausedPrice_liquidationPriceFollowsAFallDuringThePause() public {
        _nextRound(9 ether);
        skip(3 hours);
        // 3 h at 10 and 3 h at 9 within the window.
        assertEq(oracle.liquidationPrice(collection), 9.5 ether, "liquidation price falls with the market");
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection));
        oracle.borrowPrice(collection);
    }

    function test_pausedPrice_staleAndPausedStillLiquidates() public {
        skip(30 days);
        assertEq(oracle.liquidationPrice(collection), 10 ether, "no staleness check on liquidation");
    }

    function test_pausedPrice_unpauseResumesBorrowing() public {
        _nextRound(9 ether);
        vm.prank(guardian);
        oracle.setPaused(collection, false);
        assertEq(oracle.borrowPrice(collection), 9 ether, "min(spot, twap)");
    }
}
