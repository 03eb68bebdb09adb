// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC1155} from "solady/tokens/ERC1155.sol";

/// @title DemoItems
/// @notice A plain ERC-1155 collection for the devnet and tests; the owner mints.
contract DemoItems is ERC1155, Ownable {
    constructor(address owner_) Ownable(owner_) {}

    function uri(uint256) public pure override returns (string memory) {
        return "";
    }

    function mint(address to, uint256 id, uint256 amount) external onlyOwner {
        _mint(to, id, amount, "");
    }
}
