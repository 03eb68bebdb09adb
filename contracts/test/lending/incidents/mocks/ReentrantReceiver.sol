// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A smart-wallet borrower: executes its owner's calls, and its ERC-1155 receiver hook calls back
/// into a target once (the loan core), as an Omni-style attacker's `onERC...Received` did. Records the
/// outcome; with `bubble` set the hook reverts with the re-entry's error, refusing the tokens.
contract ReentrantReceiver {
    address public immutable OWNER;

    address public target;
    bytes public payload;
    bool public bubble;

    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor(address owner_) {
        OWNER = owner_;
    }

    function execute(address to, bytes calldata data) external returns (bytes memory result) {
        require(msg.sender == OWNER, "not owner");
        bool ok;
        (ok, result) = to.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        require(msg.sender == OWNER, "not owner");
        target = target_;
        payload = payload_;
        bubble = bubble_;
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return this.onERC1155Received.selector;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return this.onERC721Received.selector;
    }

    function _reenter() internal {
        address callee = target;
        if (callee == address(0)) return;
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
