// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice An account whose fallback accepts any call and returns nothing (like a Safe): calling it as a
/// feed succeeds with empty return data.
contract SilentFallback {
    fallback() external payable {}
}
