// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

/// @title IDelegateRegistry
/// @notice The part of delegate.cash v2's registry interface Hypotheca uses: the loan core delegates an
/// escrowed NFT to the borrower's chosen wallet so its utility (claims, access) survives the loan.
/// @dev Matches delegate.cash v2 (0x00000000000000447e69651d841bD8D104Bed493) function for function.
interface IDelegateRegistry {
    /// @notice Delegates (or revokes, with `enable = false`) rights for one ERC-721 token.
    function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash);

    /// @notice Delegates `amount` of an ERC-1155 id (0 revokes).
    function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount)
        external
        payable
        returns (bytes32 delegationHash);

    /// @notice Whether `to` may act for `from` on this ERC-721 token (or more broadly, on its contract or all).
    function checkDelegateForERC721(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (bool valid);

    /// @notice The amount of this ERC-1155 id `to` may act on for `from`.
    function checkDelegateForERC1155(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (uint256 amount);
}
