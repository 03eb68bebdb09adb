// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {FlashRecoveryAttacker} from "./FlashRecoveryAttacker.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice A minimal flash lender of one token: the receiver must hold the loan back by the end of the call.
contract MockFlashLender {
    error FlashNotRepaid(uint256 expected, uint256 balance);

    IERC20 internal immutable _TOKEN;

    constructor(IERC20 token) {
        _TOKEN = token;
    }

    function flashLoan(address receiver, uint256 amount, bytes calldata data) external {
        uint256 before = _TOKEN.balanceOf(address(this));
        if (!_TOKEN.transfer(receiver, amount)) revert FlashNotRepaid(before, 0);
        FlashRecoveryAttacker(receiver).onFlashLoan(amount, data);
        uint256 balance = _TOKEN.balanceOf(address(this));
        if (balance < before) revert FlashNotRepaid(before, balance);
    }
}
