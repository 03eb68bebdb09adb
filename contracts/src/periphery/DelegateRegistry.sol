// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../interfaces/IDelegateRegistry.sol";

/// @title DelegateRegistry
/// @author Hypotheca
/// @notice Hypotheca's own delegation registry for the devnet and chains without delegate.cash: the
/// all / contract / ERC-721 / ERC-1155 part of delegate.cash v2, with its semantics, events and delegation
/// hashes. On mainnet the loan core uses delegate.cash v2 itself (0x00000000000000447e69651d841bD8D104Bed493).
///
/// Semantics (delegate.cash v2): a delegation is from `msg.sender` to `to`, for the whole wallet, one
/// contract, one ERC-721 token or an amount of one ERC-1155 id. A broader delegation answers every
/// narrower check (all > contract > token). Empty `rights` means full rights and satisfies a check for any
/// rights; a delegation with specific `rights` only satisfies checks for exactly those rights.
/// @dev One storage slot per delegation, keyed by its delegate.cash v2 hash: keccak256 of the packed
/// (rights, from, to[, contract_[, tokenId]]), shifted left by one byte, the type in the last byte. The slot
/// holds 1 for an enabled all / contract / ERC-721 delegation and the amount for ERC-1155. No enumeration:
/// indexers rebuild it from the events. Delegating costs no ETH: sending any reverts, so none gets stuck.
contract DelegateRegistry is IDelegateRegistry {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev delegate.cash v2 `DelegationType` values, written into the last byte of the delegation hash.
    uint256 internal constant ALL_TYPE = 1;
    uint256 internal constant CONTRACT_TYPE = 2;
    uint256 internal constant ERC721_TYPE = 3;
    uint256 internal constant ERC1155_TYPE = 5;

    /// @dev Stored value of an enabled all / contract / ERC-721 delegation.
    uint256 internal constant ENABLED = 1;

    /*//////////////////////////////////////////////////////////////
                                  ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The call carried `value` wei; delegating is free and this registry keeps no ETH.
    error EthNotAccepted(uint256 value);

    /*//////////////////////////////////////////////////////////////
                                  EVENTS
    //////////////////////////////////////////////////////////////*/

    // delegate.cash v2's events, same names, parameters and indexing, so one indexer reads both registries.

    /// @notice `from` delegated (`enable`) or revoked its whole wallet to `to`.
    /// @param from The delegating wallet.
    /// @param to The delegate.
    /// @param rights Specific rights, or empty for full rights.
    /// @param enable True delegated, false revoked.
    event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable); // solhint-disable-line gas-indexed-events

    /// @notice `from` delegated (`enable`) or revoked `contract_` to `to`.
    /// @param from The delegating wallet.
    /// @param to The delegate.
    /// @param contract_ The contract delegated.
    /// @param rights Specific rights, or empty for full rights.
    /// @param enable True delegated, false revoked.
    event DelegateContract(
        address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable
    );

    /// @notice `from` delegated (`enable`) or revoked ERC-721 token `tokenId` of `contract_` to `to`.
    /// @param from The delegating wallet.
    /// @param to The delegate.
    /// @param contract_ The collection.
    /// @param tokenId The token delegated.
    /// @param rights Specific rights, or empty for full rights.
    /// @param enable True delegated, false revoked.
    event DelegateERC721(
        address indexed from,
        address indexed to,
        address indexed contract_,
        uint256 tokenId,
        bytes32 rights,
        bool enable
    );

    /// @notice `from` delegated `amount` of ERC-1155 id `tokenId` of `contract_` to `to` (0 = revoked).
    /// @param from The delegating wallet.
    /// @param to The delegate.
    /// @param contract_ The collection.
    /// @param tokenId The id delegated.
    /// @param rights Specific rights, or empty for full rights.
    /// @param amount The amount delegated; 0 revoked.
    event DelegateERC1155(
        address indexed from,
        address indexed to,
        address indexed contract_,
        uint256 tokenId,
        bytes32 rights,
        uint256 amount
    );

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev delegation hash => 1 (all / contract / ERC-721 enabled) or the ERC-1155 amount; 0 = none.
    mapping(bytes32 delegationHash => uint256) internal _delegations;

    /*//////////////////////////////////////////////////////////////
                                  WRITE
    //////////////////////////////////////////////////////////////*/

    /// @notice Lets `to` act for the caller on every contract (`enable = false` revokes).
    /// @param to The delegate.
    /// @param rights Specific rights, or empty for full rights.
    /// @param enable True delegates, false revokes.
    /// @return delegationHash The delegation's delegate.cash v2 identifier.
    function delegateAll(address to, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        _rejectEth();
        delegationHash = _allHash(rights, msg.sender, to);
        _delegations[delegationHash] = enable ? ENABLED : 0;
        emit DelegateAll(msg.sender, to, rights, enable);
    }

    /// @notice Lets `to` act for the caller on every token of `contract_` (`enable = false` revokes).
    /// @param to The delegate.
    /// @param contract_ The contract delegated.
    /// @param rights Specific rights, or empty for full rights.
    /// @param enable True delegates, false revokes.
    /// @return delegationHash The delegation's delegate.cash v2 identifier.
    function delegateContract(address to, address contract_, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        _rejectEth();
        delegationHash = _contractHash(rights, msg.sender, to, contract_);
        _delegations[delegationHash] = enable ? ENABLED : 0;
        emit DelegateContract(msg.sender, to, contract_, rights, enable);
    }

    /// @inheritdoc IDelegateRegistry
    function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        _rejectEth();
        delegationHash = _tokenHash(rights, msg.sender, to, contract_, tokenId, ERC721_TYPE);
        _delegations[delegationHash] = enable ? ENABLED : 0;
        emit DelegateERC721(msg.sender, to, contract_, tokenId, rights, enable);
    }

    /// @inheritdoc IDelegateRegistry
    function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount)
        external
        payable
        returns (bytes32 delegationHash)
    {
        _rejectEth();
        delegationHash = _tokenHash(rights, msg.sender, to, contract_, tokenId, ERC1155_TYPE);
        _delegations[delegationHash] = amount;
        emit DelegateERC1155(msg.sender, to, contract_, tokenId, rights, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                  CHECKS
    //////////////////////////////////////////////////////////////*/

    /// @notice Whether `to` may act for `from` on its whole wallet with `rights`.
    /// @param to The delegate.
    /// @param from The delegating wallet.
    /// @param rights The rights asked for; empty asks for a full-rights delegation.
    /// @return valid True if `from` delegated all with empty rights, or with exactly `rights`.
    function checkDelegateForAll(address to, address from, bytes32 rights) public view returns (bool valid) {
        valid = _delegations[_allHash("", from, to)] != 0
            || (rights != "" && _delegations[_allHash(rights, from, to)] != 0);
    }

    /// @notice Whether `to` may act for `from` on `contract_` (or on its whole wallet) with `rights`.
    /// @param to The delegate.
    /// @param from The delegating wallet.
    /// @param contract_ The contract asked about.
    /// @param rights The rights asked for; empty asks for a full-rights delegation.
    /// @return valid True if an all or contract delegation covers the query.
    function checkDelegateForContract(address to, address from, address contract_, bytes32 rights)
        public
        view
        returns (bool valid)
    {
        valid = checkDelegateForAll(to, from, rights)
            || _delegations[_contractHash("", from, to, contract_)] != 0
            || (rights != "" && _delegations[_contractHash(rights, from, to, contract_)] != 0);
    }

    /// @inheritdoc IDelegateRegistry
    function checkDelegateForERC721(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (bool valid) {
        valid = checkDelegateForContract(to, from, contract_, rights)
            || _delegations[_tokenHash("", from, to, contract_, tokenId, ERC721_TYPE)] != 0
            || (rights != ""
                && _delegations[_tokenHash(rights, from, to, contract_, tokenId, ERC721_TYPE)] != 0);
    }

    /// @inheritdoc IDelegateRegistry
    /// @dev type(uint256).max when an all or contract delegation covers the query.
    function checkDelegateForERC1155(
        address to,
        address from,
        address contract_,
        uint256 tokenId,
        bytes32 rights
    ) external view returns (uint256 amount) {
        if (checkDelegateForContract(to, from, contract_, rights)) return type(uint256).max;
        amount = _delegations[_tokenHash("", from, to, contract_, tokenId, ERC1155_TYPE)];
        if (rights != "") {
            uint256 forRights = _delegations[_tokenHash(rights, from, to, contract_, tokenId, ERC1155_TYPE)];
            if (forRights > amount) amount = forRights;
        }
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _rejectEth() internal view {
        if (msg.value != 0) revert EthNotAccepted(msg.value);
    }

    function _allHash(bytes32 rights, address from, address to) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encodePacked(rights, from, to)), ALL_TYPE);
    }

    function _contractHash(bytes32 rights, address from, address to, address contract_)
        internal
        pure
        returns (bytes32)
    {
        return _typed(keccak256(abi.encodePacked(rights, from, to, contract_)), CONTRACT_TYPE);
    }

    function _tokenHash(
        bytes32 rights,
        address from,
        address to,
        address contract_,
        uint256 tokenId,
        uint256 delegationType
    ) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encodePacked(rights, from, to, contract_, tokenId)), delegationType);
    }

    /// @dev Shifts the hash one byte left and writes the delegation type into the freed last byte, so
    /// delegations of different types never share a key (delegate.cash v2 encoding).
    function _typed(bytes32 hash, uint256 delegationType) internal pure returns (bytes32) {
        return bytes32((uint256(hash) << 8) | delegationType);
    }
}
