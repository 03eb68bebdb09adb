// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC1155} from "solady/tokens/ERC1155.sol";

/// @notice A plain ERC-1155 collection (solady) with open minting, for collateral in tests.
contract TestERC1155 is ERC1155 {
    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }

    function uri(uint256) public pure override returns (string memory) {
        return "";
    }
}
