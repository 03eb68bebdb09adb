// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC1155} from "solady/tokens/ERC1155.sol";

/// @notice An ERC-1155 that misbehaves on demand: transfers that return without moving anything, and
/// transfers out of a blocked address that revert.
contract HostileItems is ERC1155 {
    bool public silentTransfers;
    address public blockedSender;

    function uri(uint256) public pure override returns (string memory) {
        return "";
    }

    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }

    function setSilentTransfers(bool silent) external {
        silentTransfers = silent;
    }

    function setBlockedSender(address sender) external {
        blockedSender = sender;
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes calldata data)
        public
        override
    {
        if (silentTransfers) return;
        if (from == blockedSender) revert("transfer out blocked");
        super.safeTransferFrom(from, to, id, amount, data);
    }
}
