// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DemoCollection} from "../../../../src/devnet/DemoCollection.sol";

/// @notice An ERC-721 that refuses transfers to blocked recipients (like a collection with a
/// marketplace or sanctions blocklist), to exercise collateral booking.
contract BlockingCollection is DemoCollection {
    error RecipientBlocked(address to);

    mapping(address account => bool) public isBlocked;

    constructor(address owner_) DemoCollection(owner_, "Blocking Apes", "BAPE") {}

    function setBlocked(address account, bool blocked) external onlyOwner {
        isBlocked[account] = blocked;
    }

    function _beforeTokenTransfer(address, address to, uint256) internal view override {
        if (isBlocked[to]) revert RecipientBlocked(to);
    }
}
