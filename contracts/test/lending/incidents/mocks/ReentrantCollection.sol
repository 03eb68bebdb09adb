// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice An ERC-721 whose transfers to or from a watched address (the loan core) call back into a
/// target once, the way a hostile collection or an Omni-style hook would. It records whether the
/// re-entry went through and, when `bubble` is set, reverts the transfer with the re-entry's error.
contract ReentrantCollection is ERC721 {
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

    function name() public pure override returns (string memory) {
        return "Reentrant";
    }

    function symbol() public pure override returns (string memory) {
        return "RE";
    }

    function tokenURI(uint256) public pure override returns (string memory) {
        return "";
    }

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }

    /// @notice The next transfer touching `WATCHED` calls `target` with `payload` (as this contract).
    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        target = target_;
        payload = payload_;
        bubble = bubble_;
    }

    /// @notice Lets the test fund re-entries that pay (repay, buy) from this contract.
    function approveToken(address token, address spender) external {
        (bool ok,) =
            token.call(abi.encodeWithSignature("approve(address,uint256)", spender, type(uint256).max));
        require(ok, "approve failed");
    }

    function _beforeTokenTransfer(address from, address to, uint256) internal override {
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
