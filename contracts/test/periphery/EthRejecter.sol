// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A contract account with no way to receive ETH.
contract EthRejecter {
    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool success;
        // solhint-disable-next-line avoid-low-level-calls
        (success, result) = target.call{value: msg.value}(data);
        if (!success) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}
