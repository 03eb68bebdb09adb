// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC721} from "solady/tokens/ERC721.sol";
import {LibString} from "solady/utils/LibString.sol";

/// @title DemoCollection
/// @notice A plain ERC-721 collection for the devnet and tests; the owner mints.
contract DemoCollection is ERC721, Ownable {
    string internal _name;
    string internal _symbol;

    constructor(address owner_, string memory name_, string memory symbol_) Ownable(owner_) {
        _name = name_;
        _symbol = symbol_;
    }

    function name() public view override returns (string memory) {
        return _name;
    }

    function symbol() public view override returns (string memory) {
        return _symbol;
    }

    function tokenURI(uint256 id) public view override returns (string memory) {
        if (!_exists(id)) revert TokenDoesNotExist();
        return
            string.concat(
                "data:application/json;utf8,{\"name\":\"", _name, " #", LibString.toString(id), "\"}"
            );
    }

    function mint(address to, uint256 id) external onlyOwner {
        _mint(to, id);
    }
}
