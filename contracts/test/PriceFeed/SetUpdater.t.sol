// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceFeed} from "../../src/interfaces/IPriceFeed.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract PriceFeedSetUpdaterTest is BaseTest {
    function test_setUpdater_authorisesUpdater() public {
        _setUpdater(btcFeed, alice, true);

        assertTrue(btcFeed.isUpdater(alice), "isUpdater");
        vm.prank(alice);
        assertEq(btcFeed.updateAnswer(BTC_PRICE), 1, "alice writes");
    }

    function test_setUpdater_emitsUpdaterSet() public {
        vm.expectEmit(address(btcFeed));
        emit IPriceFeed.UpdaterSet(alice, true);
        _setUpdater(btcFeed, alice, true);

        vm.expectEmit(address(btcFeed));
        emit IPriceFeed.UpdaterSet(alice, false);
        _setUpdater(btcFeed, alice, false);
    }

    function test_setUpdater_revocationStopsWrites() public {
        _pushAnswer(btcFeed, BTC_PRICE);
        _setUpdater(btcFeed, updater, false);

        assertFalse(btcFeed.isUpdater(updater), "isUpdater");
        vm.expectRevert(abi.encodeWithSelector(IPriceFeed.NotUpdater.selector, updater));
        vm.prank(updater);
        btcFeed.updateAnswer(BTC_PRICE);
        assertEq(btcFeed.latestRound(), 1, "history kept after revocation");
    }

    function test_setUpdater_supportsSeveralUpdaters() public {
        _setUpdater(btcFeed, alice, true);
        _setUpdater(btcFeed, bob, true);
        _setUpdater(btcFeed, alice, false);

        assertFalse(btcFeed.isUpdater(alice), "alice revoked");
        assertTrue(btcFeed.isUpdater(bob), "bob kept");
        assertTrue(btcFeed.isUpdater(updater), "updater kept");
    }

    function test_setUpdater_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        btcFeed.setUpdater(stranger, true);
    }

    /// @dev Missing caller check class: an updater must not be able to add updaters.
    function test_setUpdater_revertsWhenCallerIsUpdater() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, updater));
        vm.prank(updater);
        btcFeed.setUpdater(alice, true);
    }

    function testFuzz_setUpdater_revertsForAnyNonOwner(address caller, address account, bool allowed) public {
        vm.assume(caller != owner);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
        btcFeed.setUpdater(account, allowed);
    }
}
