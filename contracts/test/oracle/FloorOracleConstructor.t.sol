// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {FloorOracle} from "../../src/oracle/FloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract FloorOracleConstructorTest is FloorOracleBaseTest {
    function test_constructor_setsOwnerAndPremiumRules() public {
        FloorOracle deployed = new FloorOracle(alice, 1 days, 25_000);

        assertEq(deployed.owner(), alice, "owner");
        assertEq(deployed.premiumDelay(), 1 days, "premiumDelay");
        assertEq(deployed.maxPremiumBps(), 25_000, "maxPremiumBps");
        assertEq(deployed.guardian(), address(0), "no guardian");
        assertEq(deployed.MAX_FEEDERS(), 15, "MAX_FEEDERS");
        assertEq(deployed.OBSERVATION_CARDINALITY(), 128, "OBSERVATION_CARDINALITY");
    }

    function test_constructor_acceptsTheBounds() public {
        FloorOracle deployed = new FloorOracle(alice, 1, 10_000);
        assertEq(deployed.maxPremiumBps(), 10_000, "no premium above the floor");
        deployed = new FloorOracle(alice, 365 days, 100_000);
        assertEq(deployed.premiumDelay(), 365 days, "longest delay");
    }

    function test_constructor_revertsForZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new FloorOracle(address(0), PREMIUM_DELAY, MAX_PREMIUM_BPS);
    }

    function test_constructor_revertsForZeroPremiumDelay() public {
        vm.expectRevert(_invalidParameter("premiumDelay", 0));
        new FloorOracle(alice, 0, MAX_PREMIUM_BPS);
    }

    function test_constructor_revertsForPremiumDelayAboveAYear() public {
        vm.expectRevert(_invalidParameter("premiumDelay", 365 days + 1));
        new FloorOracle(alice, 365 days + 1, MAX_PREMIUM_BPS);
    }

    function test_constructor_revertsForMaxPremiumBelowTheFloor() public {
        vm.expectRevert(_invalidParameter("maxPremiumBps", 9999));
        new FloorOracle(alice, PREMIUM_DELAY, 9999);
    }

    function test_constructor_revertsForMaxPremiumAboveTenTimes() public {
        vm.expectRevert(_invalidParameter("maxPremiumBps", 100_001));
        new FloorOracle(alice, PREMIUM_DELAY, 100_001);
    }

    /// @dev Ownable2Step: a nominee must accept; until then the old owner keeps control.
    function test_transferOwnership_takesTwoSteps() public {
        vm.prank(owner);
        oracle.transferOwnership(alice);
        assertEq(oracle.owner(), owner, "not yet");
        vm.prank(alice);
        oracle.acceptOwnership();

        assertEq(oracle.owner(), alice, "owner");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        oracle.configure(collection, _defaultConfig());
    }
}
