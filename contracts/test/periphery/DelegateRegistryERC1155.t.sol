// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {DelegateRegistryBaseTest} from "./DelegateRegistryBaseTest.sol";

/// @notice delegateERC1155 and checkDelegateForERC1155.
contract DelegateRegistryERC1155Test is DelegateRegistryBaseTest {
    function test_delegateERC1155_storesAmount() public {
        _delegateERC1155(TOKEN_ID, "", 5);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 5);
    }

    function test_delegateERC1155_emitsEvent() public {
        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateERC1155(vault, hot, collection, TOKEN_ID, RIGHTS, 5);

        _delegateERC1155(TOKEN_ID, RIGHTS, 5);
    }

    function test_delegateERC1155_returnsDelegateCashHash() public {
        vm.prank(vault);
        bytes32 delegationHash = registry.delegateERC1155(hot, collection, TOKEN_ID, RIGHTS, 5);

        assertEq(delegationHash, _erc1155Hash(RIGHTS, vault, hot, collection, TOKEN_ID));
        assertEq(uint256(delegationHash) & 0xff, 5, "type byte");
    }

    function test_delegateERC1155_overwritesAmount() public {
        _delegateERC1155(TOKEN_ID, "", 5);
        _delegateERC1155(TOKEN_ID, "", 2);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 2);
    }

    function test_delegateERC1155_zeroAmountRevokes() public {
        _delegateERC1155(TOKEN_ID, "", 5);

        vm.expectEmit(address(registry));
        emit DelegateRegistry.DelegateERC1155(vault, hot, collection, TOKEN_ID, "", 0);
        _delegateERC1155(TOKEN_ID, "", 0);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 0);
    }

    function test_delegateERC1155_revertsWithEth() public {
        vm.deal(vault, 1 ether);
        vm.prank(vault);
        vm.expectRevert(abi.encodeWithSelector(DelegateRegistry.EthNotAccepted.selector, 3 wei));
        registry.delegateERC1155{value: 3 wei}(hot, collection, TOKEN_ID, "", 5);
    }

    /// @dev Types do not collide: an ERC-721 delegation of the same id is not an ERC-1155 amount.
    function test_checkDelegateForERC1155_ignoresErc721Delegation() public {
        _delegateERC721(TOKEN_ID, "", true);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 0);
    }

    function test_checkDelegateForERC1155_maxViaContractDelegation() public {
        _delegateERC1155(TOKEN_ID, "", 5);
        _delegateContract(collection, "", true);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), type(uint256).max);
    }

    function test_checkDelegateForERC1155_maxViaAllDelegation() public {
        _delegateAll("", true);

        assertEq(
            registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), type(uint256).max
        );
    }

    function test_checkDelegateForERC1155_emptyRightsAmountAnswersAnyRights() public {
        _delegateERC1155(TOKEN_ID, "", 5);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), 5);
    }

    function test_checkDelegateForERC1155_specificRightsOnlyForThoseRights() public {
        _delegateERC1155(TOKEN_ID, RIGHTS, 5);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), 5, "same rights");
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 0, "full rights");
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, OTHER_RIGHTS), 0, "other");
    }

    function test_checkDelegateForERC1155_maxOfFullAndSpecificRights() public {
        _delegateERC1155(TOKEN_ID, "", 3);
        _delegateERC1155(TOKEN_ID, RIGHTS, 8);

        assertEq(
            registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), 8, "specific larger"
        );
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 3, "full only");

        _delegateERC1155(TOKEN_ID, RIGHTS, 1);
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), 3, "full larger");
    }

    function test_checkDelegateForERC1155_maxViaSpecificRightsContractDelegation() public {
        _delegateERC1155(TOKEN_ID, "", 3);
        _delegateContract(collection, RIGHTS, true);

        assertEq(
            registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, RIGHTS), type(uint256).max
        );
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), 3);
    }

    function testFuzz_checkDelegateForERC1155_returnsDelegatedAmount(uint256 tokenId, uint256 amount) public {
        _delegateERC1155(tokenId, "", amount);

        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, tokenId, ""), amount);
        assertEq(
            registry.checkDelegateForERC1155(hot, vault, otherCollection, tokenId, ""), 0, "other contract"
        );
    }

    function testFuzz_checkDelegateForERC1155_maxOfRightsLevels(
        bytes32 rights,
        uint256 fullAmount,
        uint256 rightsAmount
    ) public {
        vm.assume(rights != "");
        _delegateERC1155(TOKEN_ID, "", fullAmount);
        _delegateERC1155(TOKEN_ID, rights, rightsAmount);

        uint256 expected = fullAmount > rightsAmount ? fullAmount : rightsAmount;
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, rights), expected);
        assertEq(registry.checkDelegateForERC1155(hot, vault, collection, TOKEN_ID, ""), fullAmount);
    }
}
