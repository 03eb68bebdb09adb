// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {DelegateRegistryBaseTest} from "./DelegateRegistryBaseTest.sol";

/// @notice delegateAll, delegateContract, checkDelegateForAll and checkDelegateForContract.
contract DelegateRegistryAllAndContractTest is DelegateRegistryBaseTest {
    function test_delegateAll_enablesCheck() public {
        _delegateAll("", true);

        assertTrue(registry.checkDelegateForAll(hot, vault, ""));
        assertFalse(registry.checkDelegateForAll(vault, hot, ""), "reversed");
    }

    function test_delegateAll_emitsEventAndReturnsHash() public {
        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateAll(vault, hot, RIGHTS, true);

        vm.prank(vault);
        bytes32 delegationHash = registry.delegateAll(hot, RIGHTS, true);

        assertEq(delegationHash, _allHash(RIGHTS, vault, hot));
        assertEq(uint256(delegationHash) & 0xff, 1, "type byte");
    }

    function test_delegateAll_revokeDisablesCheck() public {
        _delegateAll("", true);
        _delegateAll("", false);

        assertFalse(registry.checkDelegateForAll(hot, vault, ""));
        assertFalse(registry.checkDelegateForContract(hot, vault, collection, ""));
    }

    function test_delegateAll_revertsWithEth() public {
        vm.deal(vault, 1 ether);
        vm.prank(vault);
        vm.expectRevert(abi.encodeWithSelector(DelegateRegistry.EthNotAccepted.selector, 1 ether));
        registry.delegateAll{value: 1 ether}(hot, "", true);
    }

    function test_checkDelegateForAll_specificRightsOnlySatisfyThoseRights() public {
        _delegateAll(RIGHTS, true);

        assertTrue(registry.checkDelegateForAll(hot, vault, RIGHTS), "same rights");
        assertFalse(registry.checkDelegateForAll(hot, vault, ""), "full rights");
        assertFalse(registry.checkDelegateForAll(hot, vault, OTHER_RIGHTS), "other rights");
    }

    function test_checkDelegateForAll_emptyRightsSatisfyAnyRights() public {
        _delegateAll("", true);

        assertTrue(registry.checkDelegateForAll(hot, vault, RIGHTS));
    }

    /// @dev Narrower delegations never answer a broader check.
    function test_checkDelegateForAll_falseForContractOrTokenDelegation() public {
        _delegateContract(collection, "", true);
        _delegateERC721(TOKEN_ID, "", true);

        assertFalse(registry.checkDelegateForAll(hot, vault, ""));
    }

    function test_delegateContract_enablesCheck() public {
        _delegateContract(collection, "", true);

        assertTrue(registry.checkDelegateForContract(hot, vault, collection, ""));
        assertFalse(registry.checkDelegateForContract(hot, vault, otherCollection, ""), "other contract");
    }

    function test_delegateContract_emitsEventAndReturnsHash() public {
        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateContract(vault, hot, collection, RIGHTS, true);

        vm.prank(vault);
        bytes32 delegationHash = registry.delegateContract(hot, collection, RIGHTS, true);

        assertEq(delegationHash, _contractHash(RIGHTS, vault, hot, collection));
        assertEq(uint256(delegationHash) & 0xff, 2, "type byte");
    }

    function test_delegateContract_revokeDisablesCheck() public {
        _delegateContract(collection, "", true);
        _delegateContract(collection, "", false);

        assertFalse(registry.checkDelegateForContract(hot, vault, collection, ""));
    }

    function test_delegateContract_revertsWithEth() public {
        vm.deal(vault, 1 ether);
        vm.prank(vault);
        vm.expectRevert(abi.encodeWithSelector(DelegateRegistry.EthNotAccepted.selector, 2 wei));
        registry.delegateContract{value: 2 wei}(hot, collection, "", true);
    }

    function test_checkDelegateForContract_trueViaAllDelegation() public {
        _delegateAll("", true);

        assertTrue(registry.checkDelegateForContract(hot, vault, collection, RIGHTS));
    }

    function test_checkDelegateForContract_falseForTokenDelegation() public {
        _delegateERC721(TOKEN_ID, "", true);
        _delegateERC1155(TOKEN_ID, "", 5);

        assertFalse(registry.checkDelegateForContract(hot, vault, collection, ""));
    }

    function test_checkDelegateForContract_specificRightsOnlySatisfyThoseRights() public {
        _delegateContract(collection, RIGHTS, true);

        assertTrue(registry.checkDelegateForContract(hot, vault, collection, RIGHTS), "same rights");
        assertFalse(registry.checkDelegateForContract(hot, vault, collection, ""), "full rights");
        assertFalse(registry.checkDelegateForContract(hot, vault, collection, OTHER_RIGHTS), "other rights");
    }

    function testFuzz_checkDelegateForAll_rightsRule(bytes32 delegated, bytes32 queried) public {
        _delegateAll(delegated, true);

        bool expected = delegated == "" || delegated == queried;
        assertEq(registry.checkDelegateForAll(hot, vault, queried), expected, "all");
        assertEq(registry.checkDelegateForContract(hot, vault, collection, queried), expected, "contract");
        assertEq(
            registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, queried), expected, "token"
        );
    }

    function testFuzz_checkDelegateForContract_rightsRule(
        bytes32 delegated,
        bytes32 queried,
        address contract_
    ) public {
        vm.prank(vault);
        registry.delegateContract(hot, contract_, delegated, true);

        bool expected = delegated == "" || delegated == queried;
        assertEq(registry.checkDelegateForContract(hot, vault, contract_, queried), expected);
        assertFalse(registry.checkDelegateForAll(hot, vault, queried), "all");
    }

    /// @dev The same fields under different types give different keys: revoking one leaves the others.
    function testFuzz_delegationTypesNeverCollide(bytes32 rights, address contract_) public {
        vm.startPrank(vault);
        bytes32 allHash = registry.delegateAll(hot, rights, true);
        bytes32 contractHash = registry.delegateContract(hot, contract_, rights, true);
        registry.delegateAll(hot, rights, false);
        vm.stopPrank();

        assertTrue(allHash != contractHash, "hashes");
        assertFalse(registry.checkDelegateForAll(hot, vault, rights), "all revoked");
        assertTrue(registry.checkDelegateForContract(hot, vault, contract_, rights), "contract kept");
    }
}
