// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A contract holder with no token receiver hooks: ERC-1155 transfers to it revert.
// solhint-disable-next-line no-empty-blocks
contract NoReceiver {}
