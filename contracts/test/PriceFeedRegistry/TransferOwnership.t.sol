// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BaseTest} from "../utils/BaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice The registry's owner (a timelock or multisig) changes in two steps.
contract PriceFeedRegistryTransferOwnershipTest is BaseTest {
    function test_constructor_setsOwner() public view {
        assertEq(registry.owner(), owner, "owner");
    }

    function test_acceptOwnership_handsListingToNewOwner() public {
        vm.prank(owner);
        registry.transferOwnership(alice);
        assertEq(registry.owner(), owner, "owner unchanged until accepted");

        vm.prank(alice);
        registry.acceptOwnership();
        vm.prank(alice);
        registry.listAsset("BTC", "Bitcoin", address(btcFeed));

        assertEq(registry.owner(), alice, "owner");
        assertEq(registry.assetCount(), 1, "new owner lists");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        registry.delistAsset("BTC");
    }

    function test_acceptOwnership_revertsWhenCallerIsNotPendingOwner() public {
        vm.prank(owner);
        registry.transferOwnership(alice);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.acceptOwnership();
    }
}
