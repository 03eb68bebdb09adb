// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "solady/tokens/ERC20.sol";

/// @title DemoStablecoin
/// @notice A 6-decimal USD stablecoin for the devnet and tests that, like USDC, lets its owner blacklist
/// addresses: a blacklisted address can neither send nor receive. It exercises the loan core's
/// pull-payment path.
contract DemoStablecoin is ERC20, Ownable {
    error Blacklisted(address account);

    event BlacklistSet(address indexed account, bool blacklisted);

    mapping(address account => bool) public isBlacklisted;

    constructor(address owner_) Ownable(owner_) {}

    function name() public pure override returns (string memory) {
        return "Demo USD";
    }

    function symbol() public pure override returns (string memory) {
        return "dUSD";
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function setBlacklisted(address account, bool blacklisted) external onlyOwner {
        isBlacklisted[account] = blacklisted;
        emit BlacklistSet(account, blacklisted);
    }

    function _beforeTokenTransfer(address from, address to, uint256) internal view override {
        if (isBlacklisted[from]) revert Blacklisted(from);
        if (isBlacklisted[to]) revert Blacklisted(to);
    }
}
