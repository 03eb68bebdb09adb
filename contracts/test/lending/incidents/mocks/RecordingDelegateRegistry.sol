// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../../../../src/interfaces/IDelegateRegistry.sol";

/// @notice A minimal delegate.cash-like registry: records each (vault, delegate, contract, token)
/// delegation as the vault sets it, and answers the two checks the loan core's interface names.
contract RecordingDelegateRegistry is IDelegateRegistry {
    mapping(bytes32 key => bool) internal _erc721;
    mapping(bytes32 key => uint256) internal _erc1155;

    function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        delegationHash = keccak256(abi.encode(msg.sender, to, contract_, tokenId, rights));
        _erc721[delegationHash] = enable;
    }

    function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount)
        external
        payable
        returns (bytes32 delegationHash)
    {
        delegationHash = keccak256(abi.encode(msg.sender, to, contract_, tokenId, rights));
        _erc1155[delegationHash] = amount;
    }

    function checkDelegateForERC721(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (bool) {
        return _erc721[keccak256(abi.encode(from, to, contract_, tokenId, rights))];
    }

    function checkDelegateForERC1155(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (uint256) {
        return _erc1155[keccak256(abi.encode(from, to, contract_, tokenId, rights))];
    }
}
