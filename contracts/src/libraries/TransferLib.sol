// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title TransferLib
/// @notice Token calls that report failure instead of reverting, so the loan core can book a payment
/// that cannot be delivered (blacklisted or reverting recipient) and still settle the loan.
/// @dev Return data is never copied beyond one word: a hostile token cannot return-bomb the caller.
library TransferLib {
    /// @notice ERC-20 `transfer` from this contract. True on a call that succeeded and returned nothing
    /// (non-standard tokens, only if `token` has code) or returned true.
    function tryTransfer(address token, address to, uint256 amount) internal returns (bool) {
        return _callToken(token, abi.encodeWithSelector(0xa9059cbb, to, amount));
    }

    /// @notice ERC-20 `transferFrom`, same success rule as `tryTransfer`.
    function tryTransferFrom(address token, address from, address to, uint256 amount)
        internal
        returns (bool)
    {
        return _callToken(token, abi.encodeWithSelector(0x23b872dd, from, to, amount));
    }

    /// @notice Any call whose only success signal is not reverting (NFT transfers). False if `target` has no code.
    function tryCall(address target, bytes memory data) internal returns (bool ok) {
        assembly ("memory-safe") {
            ok := and(
                gt(extcodesize(target), 0),
                call(gas(), target, 0, add(data, 0x20), mload(data), 0x00, 0x00)
            )
        }
    }

    function _callToken(address token, bytes memory data) private returns (bool ok) {
        assembly ("memory-safe") {
            mstore(0x00, 0)
            ok := call(gas(), token, 0, add(data, 0x20), mload(data), 0x00, 0x20)
            switch returndatasize()
            case 0 { ok := and(ok, gt(extcodesize(token), 0)) }
            default { ok := and(ok, and(gt(returndatasize(), 31), eq(mload(0x00), 1))) }
        }
    }
}
