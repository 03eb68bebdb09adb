// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @notice The feed's ownership moves in two steps (Ownable2Step), so a typo cannot lose the feed.
contract PriceFeedTransferOwnershipTest is BaseTest {
    function test_transferOwnership_onlyNominatesPendingOwner() public {
        vm.expectEmit(address(btcFeed));
        emit Ownable2Step.OwnershipTransferStarted(owner, alice);
        vm.prank(owner);
        btcFeed.transferOwnership(alice);

        assertEq(btcFeed.owner(), owner, "owner unchanged until accepted");
        assertEq(btcFeed.pendingOwner(), alice, "pendingOwner");
    }

    function test_acceptOwnership_transfersOwnership() public {
        vm.prank(owner);
        btcFeed.transferOwnership(alice);

        vm.expectEmit(address(btcFeed));
        emit Ownable.OwnershipTransferred(owner, alice);
        vm.prank(alice);
        btcFeed.acceptOwnership();

        assertEq(btcFeed.owner(), alice, "owner");
        assertEq(btcFeed.pendingOwner(), address(0), "pendingOwner cleared");
    }

    function test_acceptOwnership_newOwnerManagesUpdatersAndOldOwnerCannot() public {
        vm.prank(owner);
        btcFeed.transferOwnership(alice);
        vm.prank(alice);
        btcFeed.acceptOwnership();

        vm.prank(alice);
        btcFeed.setUpdater(bob, true);
        assertTrue(btcFeed.isUpdater(bob), "new owner sets updaters");

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        btcFeed.setUpdater(bob, false);
    }

    function test_acceptOwnership_revertsWhenCallerIsNotPendingOwner() public {
        vm.prank(owner);
        btcFeed.transferOwnership(alice);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        vm.prank(bob);
        btcFeed.acceptOwnership();
    }

    function test_transferOwnership_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        btcFeed.transferOwnership(stranger);
    }

    function test_transferOwnership_laterNominationReplacesEarlier() public {
        vm.startPrank(owner);
        btcFeed.transferOwnership(alice);
        btcFeed.transferOwnership(bob);
        vm.stopPrank();

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        btcFeed.acceptOwnership();
    }

    function test_renounceOwnership_freezesUpdaterSet() public {
        vm.prank(owner);
        btcFeed.renounceOwnership();

        assertEq(btcFeed.owner(), address(0), "owner");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        btcFeed.setUpdater(alice, true);
        assertEq(_pushAnswer(btcFeed, BTC_PRICE), 1, "existing updaters keep writing");
    }
}
