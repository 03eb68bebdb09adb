// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC1155} from "solady/tokens/ERC1155.sol";

/// @notice An ERC-1155 whose transfers to or from a watched address (the loan core) call back into a
/// target once before moving the tokens. Records the outcome; `bubble` reverts the transfer with it.
contract ReentrantItems is ERC1155 {
    address public immutable WATCHED;

    address public target;
    bytes public payload;
    bool public bubble;

    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor(address watched) {
        WATCHED = watched;
    }

    function uri(uint256) public pure override returns (string memory) {
        return "";
    }

    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }

    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        target = target_;
        payload = payload_;
        bubble = bubble_;
    }

    function _useBeforeTokenTransfer() internal pure override returns (bool) {
        return true;
    }

    function _beforeTokenTransfer(address from, address to, uint256[] memory, uint256[] memory, bytes memory)
        internal
        override
    {
        address callee = target;
        if (callee == address(0) || (from != WATCHED && to != WATCHED)) return;
        target = address(0);
        attempted = true;
        (bool ok, bytes memory result) = callee.call(payload);
        reentered = ok;
        reentryError = result;
        if (!ok && bubble) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}
