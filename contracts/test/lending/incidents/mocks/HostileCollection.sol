// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice An ERC-721 that misbehaves on demand: transfers that return without moving the token (always,
/// or only when the caller is not authorised, like pre-standard tokens that return false), an `ownerOf`
/// that lies (always, or only after a transfer that moved nothing), and transfers out of a blocked
/// address that revert.
contract HostileCollection is ERC721 {
    bool public silentTransfers;
    bool public silentWhenUnauthorized;
    bool public claimArrival;
    address public fakeOwner;
    address public blockedSender;
    bool public bombOnBlocked;

    function name() public pure override returns (string memory) {
        return "Hostile";
    }

    function symbol() public pure override returns (string memory) {
        return "HOST";
    }

    function tokenURI(uint256) public pure override returns (string memory) {
        return "";
    }

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }

    function setSilentTransfers(bool silent) external {
        silentTransfers = silent;
    }

    function setSilentWhenUnauthorized(bool silent) external {
        silentWhenUnauthorized = silent;
    }

    /// @notice Transfers move nothing but make `ownerOf` report the recipient from then on.
    function setClaimArrival(bool claim) external {
        claimArrival = claim;
    }

    function setFakeOwner(address owner) external {
        fakeOwner = owner;
    }

    function setBlockedSender(address sender) external {
        blockedSender = sender;
    }

    /// @notice Blocked transfers revert with 64 KiB of data (a return bomb) instead of a short reason.
    function setBombOnBlocked(bool bomb) external {
        bombOnBlocked = bomb;
    }

    function ownerOf(uint256 id) public view override returns (address) {
        if (fakeOwner != address(0)) return fakeOwner;
        return super.ownerOf(id);
    }

    function transferFrom(address from, address to, uint256 id) public payable override {
        if (claimArrival) {
            fakeOwner = to;
            return;
        }
        if (silentTransfers) return;
        if (silentWhenUnauthorized && (_ownerOf(id) != from || !_isApprovedOrOwner(msg.sender, id))) return;
        if (from == blockedSender) {
            if (bombOnBlocked) {
                assembly ("memory-safe") {
                    revert(0, 0x10000)
                }
            }
            revert("transfer out blocked");
        }
        super.transferFrom(from, to, id);
    }
}
