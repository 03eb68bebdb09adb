// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TestERC721} from "../utils/TestERC721.sol";

/// @notice An ERC-721 whose `transferFrom` first makes one call (`hookTarget`, `hookData`), bubbling its
/// failure: re-entry through an NFT hook.
contract HookedERC721 is TestERC721 {
    address public hookTarget;
    bytes public hookData;

    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    function transferFrom(address from, address to, uint256 id) public payable override {
        address target = hookTarget;
        if (target != address(0)) {
            hookTarget = address(0);
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory result) = target.call(hookData);
            if (!success) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    revert(add(result, 0x20), mload(result))
                }
            }
        }
        super.transferFrom(from, to, id);
    }
}
