// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PricePaths} from "./PricePaths.sol";
import {ScenarioBase} from "./ScenarioBase.sol";

/// @notice Scenario 2, the CryptoPunks dump of 2023: about 10,000 ETH of Punks sold into bids in 15
/// minutes took the floor from 75 to ~65 ETH. Here -15% in 15 minutes, one day after the start, against a
/// book of loans near max LTV (some taken an hour before the dump). With the pool's default parameters,
/// no bad debt.
contract PunksDump2023ScenarioTest is ScenarioBase {
    uint256 internal constant DUMP_AT = 24 hours;

    function setUp() public override {
        super.setUp();
        path = PricePaths.punksDump2023(DUMP_AT);
        _warmUp(2000 ether);
        uint256[] memory deposits = new uint256[](3);
        (deposits[0], deposits[1], deposits[2]) = (900 ether, 700 ether, 400 ether);
        _addLenders(deposits);
        _scheduleBorrow(0, 4, 10_000, false);
        _scheduleBorrow(0, 2, 9500, true);
        _scheduleBorrow(12, 2, 10_000, false);
        _scheduleBorrow(23, 4, 10_000, false);
        _scheduleBorrow(23, 2, 9000, true);
    }

    function test_scenario_punksDump2023() public {
        Stats memory s = _run("Punks dump 2023 (-15% / 15 min)");
        assertEq(s.loansMade, 14, "every scheduled loan was made");
        assertEq(s.liquidated, s.sold + s.redeemed + s.unsoldAtEnd, "every liquidation accounted for");
        assertEq(s.unsoldAtEnd, 0, "every auction cleared");
        assertEq(s.badDebt, 0, "no bad debt with the defaults");
        assertGe(s.sharePriceAfter, s.sharePriceBefore, "depositors lost nothing");
    }
}
