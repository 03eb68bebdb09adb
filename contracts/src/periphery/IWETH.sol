// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH
/// @author Hypotheca
/// @notice Wrapped ether (WETH9 and compatible): an ERC-20 minted 1:1 for ETH.
interface IWETH is IERC20 {
    /// @notice Mints `msg.value` WETH to the caller.
    function deposit() external payable;

    /// @notice Burns `amount` WETH of the caller and sends it `amount` ETH.
    /// @param amount Wei to unwrap.
    function withdraw(uint256 amount) external;
}
