// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice A plain ERC-721 collection (solady) with open minting, for collateral in tests.
contract TestERC721 is ERC721 {
    function mint(address to, uint256 id) external {
        _mint(to, id);
    }

    function name() public pure override returns (string memory) {
        return "Test NFT";
    }

    function symbol() public pure override returns (string memory) {
        return "TNFT";
    }

    function tokenURI(uint256) public pure override returns (string memory) {
        return "";
    }
}
