// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract SetGuardianTest is FloorOracleBaseTest {
    function test_setGuardian_setsAndEmits() public {
        vm.expectEmit(address(oracle));
        emit IFloorOracle.GuardianSet(alice);
        vm.prank(owner);
        oracle.setGuardian(alice);

        assertEq(oracle.guardian(), alice, "guardian");
    }

    function test_setGuardian_zeroLeavesOnlyTheOwner() public {
        vm.prank(owner);
        oracle.setGuardian(address(0));

        assertEq(oracle.guardian(), address(0), "guardian");
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.Unauthorized.selector, guardian));
        vm.prank(guardian);
        oracle.setPaused(collection, true);
    }

    /// @dev Missing caller check class: the guardian must not appoint itself or others.
    function test_setGuardian_revertsWhenCallerIsGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        oracle.setGuardian(alice);
    }

    function testFuzz_setGuardian_revertsForAnyNonOwner(address caller, address newGuardian) public {
        vm.assume(caller != owner);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
        oracle.setGuardian(newGuardian);
    }
}
