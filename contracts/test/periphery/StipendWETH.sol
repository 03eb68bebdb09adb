// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {WETH} from "solady/tokens/WETH.sol";

/// @notice WETH that unwraps like mainnet WETH9: `transfer`, so the receiver gets a 2,300 gas stipend.
contract StipendWETH is WETH {
    function withdraw(uint256 amount) public override {
        _burn(msg.sender, amount);
        payable(msg.sender).transfer(amount);
    }
}
