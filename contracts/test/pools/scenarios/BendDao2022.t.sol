// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PricePaths} from "./PricePaths.sol";
import {ScenarioBase} from "./ScenarioBase.sol";

/// @notice Scenario 1, the BendDAO crisis of August 2022: the floor of a blue chip falls 55% in ten days
/// (153.7 -> 69 ETH), with intraday noise and a capitulation wick. Twenty loans: half at max LTV at the
/// top, others at lower LTVs or at max LTV during the fall; early repayments and a bank run on day 5.
/// With the pool's default parameters and prompt bidders (8% resale margin), no bad debt.
contract BendDao2022ScenarioTest is ScenarioBase {
    function setUp() public override {
        super.setUp();
        path = PricePaths.bendDao2022();
        _warmUp(3000 ether);
        _bendDaoBook();
    }

    function test_scenario_bendDao2022() public {
        Stats memory s = _run("BendDAO Aug 2022 (-55% / 10 d)");
        assertEq(s.loansMade, 20, "every scheduled loan was made");
        assertGt(s.liquidated, 0, "the path stresses the pool");
        assertEq(s.liquidated, s.sold + s.redeemed + s.unsoldAtEnd, "every liquidation accounted for");
        assertEq(s.unsoldAtEnd, 0, "every auction cleared");
        assertEq(s.badDebt, 0, "no bad debt with the defaults");
        assertGe(s.sharePriceAfter, s.sharePriceBefore, "depositors lost nothing");
    }
}
