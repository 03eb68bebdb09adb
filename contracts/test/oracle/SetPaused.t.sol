// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";

/// @notice setPaused (guardian or owner) and what a pause does: borrowing blocked, nothing else.
contract SetPausedTest is FloorOracleBaseTest {
    function test_setPaused_byGuardianBlocksBorrowPriceOnly() public {
        _quorum(FLOOR);
        vm.prank(guardian);
        oracle.setPaused(collection, true);

        assertTrue(oracle.paused(collection), "paused");
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection));
        oracle.borrowPrice(collection);
        assertEq(oracle.liquidationPrice(collection), FLOOR, "liquidation price");
        assertEq(oracle.twap(collection), FLOOR, "twap");
        (uint256 price,,) = oracle.latestPrice(collection);
        assertEq(price, FLOOR, "spot");
    }

    function test_setPaused_byOwner() public {
        vm.prank(owner);
        oracle.setPaused(collection, true);
        assertTrue(oracle.paused(collection), "paused");
    }

    function test_setPaused_unpauseRestoresBorrowPrice() public {
        _quorum(FLOOR);
        vm.prank(guardian);
        oracle.setPaused(collection, true);
        vm.prank(guardian);
        oracle.setPaused(collection, false);

        assertFalse(oracle.paused(collection), "unpaused");
        assertEq(oracle.borrowPrice(collection), FLOOR, "borrow price");
    }

    function test_setPaused_feedersKeepUpdatingWhilePaused() public {
        _quorum(FLOOR);
        vm.prank(guardian);
        oracle.setPaused(collection, true);
        _nextRound(9.5 ether);

        assertEq(_spot(), 9.5 ether, "new value while paused");
    }

    function test_setPaused_isPerCollection() public {
        vm.startPrank(owner);
        oracle.configure(otherCollection, _defaultConfig());
        oracle.setPaused(collection, true);
        vm.stopPrank();

        assertFalse(oracle.paused(otherCollection), "other collection");
    }

    function test_setPaused_emitsPausedSet() public {
        vm.expectEmit(address(oracle));
        emit IFloorOracle.PausedSet(collection, true);
        vm.prank(guardian);
        oracle.setPaused(collection, true);
    }

    function test_setPaused_formerGuardianCannotPause() public {
        vm.prank(owner);
        oracle.setGuardian(alice);

        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.Unauthorized.selector, guardian));
        vm.prank(guardian);
        oracle.setPaused(collection, true);
        vm.prank(alice);
        oracle.setPaused(collection, true);
        assertTrue(oracle.paused(collection), "new guardian pauses");
    }

    function test_setPaused_revertsForFeeder() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.Unauthorized.selector, feeders[0]));
        vm.prank(feeders[0]);
        oracle.setPaused(collection, true);
    }

    function test_setPaused_revertsForUnlistedCollection() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.CollectionNotListed.selector, otherCollection));
        vm.prank(guardian);
        oracle.setPaused(otherCollection, true);
    }

    function testFuzz_setPaused_revertsForAnyoneElse(address caller, bool paused) public {
        vm.assume(caller != owner && caller != guardian);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.Unauthorized.selector, caller));
        vm.prank(caller);
        oracle.setPaused(collection, paused);
    }
}
