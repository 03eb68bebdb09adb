// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Actors and delegate.cash v2 hash formulas for the registry suites.
abstract contract DelegateRegistryBaseTest is Test {
    bytes32 internal constant RIGHTS = "airdrop";
    bytes32 internal constant OTHER_RIGHTS = "governance";
    uint256 internal constant TOKEN_ID = 42;

    address internal vault = makeAddr("vault");
    address internal hot = makeAddr("hot");
    address internal stranger = makeAddr("stranger");
    address internal collection = makeAddr("collection");
    address internal otherCollection = makeAddr("otherCollection");

    DelegateRegistry internal registry;

    function setUp() public virtual {
        registry = new DelegateRegistry();
        vm.label(address(registry), "registry");
    }

    // delegate.cash v2 identifiers: keccak256 of the packed fields, shifted one byte left, type in the last byte.

    function _allHash(bytes32 rights, address from, address to) internal pure returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encodePacked(rights, from, to))) << 8 | 1);
    }

    function _contractHash(bytes32 rights, address from, address to, address contract_)
        internal
        pure
        returns (bytes32)
    {
        return bytes32(uint256(keccak256(abi.encodePacked(rights, from, to, contract_))) << 8 | 2);
    }

    function _erc721Hash(bytes32 rights, address from, address to, address contract_, uint256 tokenId)
        internal
        pure
        returns (bytes32)
    {
        return bytes32(uint256(keccak256(abi.encodePacked(rights, from, to, contract_, tokenId))) << 8 | 3);
    }

    function _erc1155Hash(bytes32 rights, address from, address to, address contract_, uint256 tokenId)
        internal
        pure
        returns (bytes32)
    {
        return bytes32(uint256(keccak256(abi.encodePacked(rights, from, to, contract_, tokenId))) << 8 | 5);
    }

    function _delegateAll(bytes32 rights, bool enable) internal {
        vm.prank(vault);
        registry.delegateAll(hot, rights, enable);
    }

    function _delegateContract(address contract_, bytes32 rights, bool enable) internal {
        vm.prank(vault);
        registry.delegateContract(hot, contract_, rights, enable);
    }

    function _delegateERC721(uint256 tokenId, bytes32 rights, bool enable) internal {
        vm.prank(vault);
        registry.delegateERC721(hot, collection, tokenId, rights, enable);
    }

    function _delegateERC1155(uint256 tokenId, bytes32 rights, uint256 amount) internal {
        vm.prank(vault);
        registry.delegateERC1155(hot, collection, tokenId, rights, amount);
    }
}
