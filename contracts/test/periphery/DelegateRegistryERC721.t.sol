// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {DelegateRegistryBaseTest} from "./DelegateRegistryBaseTest.sol";

/// @notice delegateERC721 and checkDelegateForERC721.
contract DelegateRegistryERC721Test is DelegateRegistryBaseTest {
    function test_delegateERC721_enablesCheck() public {
        _delegateERC721(TOKEN_ID, "", true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
    }

    function test_delegateERC721_emitsEvent() public {
        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateERC721(vault, hot, collection, TOKEN_ID, RIGHTS, true);

        _delegateERC721(TOKEN_ID, RIGHTS, true);
    }

    function test_delegateERC721_returnsDelegateCashHash() public {
        vm.prank(vault);
        bytes32 delegationHash = registry.delegateERC721(hot, collection, TOKEN_ID, RIGHTS, true);

        assertEq(delegationHash, _erc721Hash(RIGHTS, vault, hot, collection, TOKEN_ID));
        assertEq(uint256(delegationHash) & 0xff, 3, "type byte");
    }

    function test_delegateERC721_revokeDisablesCheck() public {
        _delegateERC721(TOKEN_ID, "", true);

        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateERC721(vault, hot, collection, TOKEN_ID, "", false);
        _delegateERC721(TOKEN_ID, "", false);

        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
    }

    function test_delegateERC721_revokeOfNothingEmitsAndStaysFalse() public {
        _delegateERC721(TOKEN_ID, "", false);

        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
    }

    function test_delegateERC721_revertsWithEth() public {
        vm.deal(vault, 1 ether);
        vm.prank(vault);
        vm.expectRevert(abi.encodeWithSelector(DelegateRegistry.EthNotAccepted.selector, 1 wei));
        registry.delegateERC721{value: 1 wei}(hot, collection, TOKEN_ID, "", true);
    }

    function test_checkDelegateForERC721_falseForOtherTokenContractOrDirection() public {
        _delegateERC721(TOKEN_ID, "", true);

        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID + 1, ""), "other token");
        assertFalse(
            registry.checkDelegateForERC721(hot, vault, otherCollection, TOKEN_ID, ""), "other contract"
        );
        assertFalse(registry.checkDelegateForERC721(vault, hot, collection, TOKEN_ID, ""), "reversed");
        assertFalse(
            registry.checkDelegateForERC721(stranger, vault, collection, TOKEN_ID, ""), "other delegate"
        );
        assertFalse(registry.checkDelegateForERC721(hot, stranger, collection, TOKEN_ID, ""), "other vault");
    }

    function test_checkDelegateForERC721_trueViaContractDelegation() public {
        _delegateContract(collection, "", true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
        assertFalse(
            registry.checkDelegateForERC721(hot, vault, otherCollection, TOKEN_ID, ""), "other contract"
        );
    }

    function test_checkDelegateForERC721_trueViaAllDelegation() public {
        _delegateAll("", true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
        assertTrue(registry.checkDelegateForERC721(hot, vault, otherCollection, TOKEN_ID + 1, RIGHTS));
    }

    function test_checkDelegateForERC721_emptyRightsSatisfyAnyRights() public {
        _delegateERC721(TOKEN_ID, "", true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, RIGHTS));
        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, OTHER_RIGHTS));
    }

    function test_checkDelegateForERC721_specificRightsOnlySatisfyThoseRights() public {
        _delegateERC721(TOKEN_ID, RIGHTS, true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, RIGHTS), "same rights");
        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""), "full rights");
        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, OTHER_RIGHTS), "other");
    }

    function test_checkDelegateForERC721_specificRightsViaContractAndAll() public {
        _delegateContract(collection, RIGHTS, true);
        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, RIGHTS), "contract");
        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""), "contract, full");
        _delegateContract(collection, RIGHTS, false);

        _delegateAll(RIGHTS, true);
        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, RIGHTS), "all");
        assertFalse(
            registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, OTHER_RIGHTS), "all, other"
        );
    }

    /// @dev A token-level revocation does not undo a broader delegation.
    function test_checkDelegateForERC721_tokenRevokeKeepsContractDelegation() public {
        _delegateContract(collection, "", true);
        _delegateERC721(TOKEN_ID, "", true);
        _delegateERC721(TOKEN_ID, "", false);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, ""));
    }

    function testFuzz_checkDelegateForERC721_onlyTheDelegatedToken(uint256 tokenId, uint256 otherTokenId)
        public
    {
        vm.assume(tokenId != otherTokenId);
        _delegateERC721(tokenId, "", true);

        assertTrue(registry.checkDelegateForERC721(hot, vault, collection, tokenId, ""));
        assertFalse(registry.checkDelegateForERC721(hot, vault, collection, otherTokenId, ""));
    }

    function testFuzz_checkDelegateForERC721_rightsRule(bytes32 delegated, bytes32 queried) public {
        _delegateERC721(TOKEN_ID, delegated, true);

        bool expected = delegated == "" || delegated == queried;
        assertEq(registry.checkDelegateForERC721(hot, vault, collection, TOKEN_ID, queried), expected);
    }

    function testFuzz_delegateERC721_hashMatchesDelegateCash(
        address from,
        address to,
        address contract_,
        uint256 tokenId,
        bytes32 rights,
        bool enable
    ) public {
        vm.prank(from);
        bytes32 delegationHash = registry.delegateERC721(to, contract_, tokenId, rights, enable);

        assertEq(delegationHash, _erc721Hash(rights, from, to, contract_, tokenId));
        assertEq(registry.checkDelegateForERC721(to, from, contract_, tokenId, rights), enable);
    }
}
