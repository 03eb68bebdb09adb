// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A contract account that acts through `execute` and, when it receives ETH, makes one call
/// (`reentryTarget`, `reentryData`): the malicious receiver of the gateway's payouts and refunds.
/// With `swallowFailure` it records the failed re-entry's revert data and accepts the ETH; otherwise it
/// reverts with that data, refusing the ETH.
contract ReentrantReceiver {
    error ReentrySucceeded();

    address public reentryTarget;
    bytes public reentryData;
    bool public swallowFailure;
    bool public attempted;
    bytes public reentryError;

    function setReentry(address target, bytes calldata data, bool swallowFailure_) external {
        reentryTarget = target;
        reentryData = data;
        swallowFailure = swallowFailure_;
    }

    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool success;
        // solhint-disable-next-line avoid-low-level-calls
        (success, result) = target.call{value: msg.value}(data);
        if (!success) _bubble(result);
    }

    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        if (reentryTarget == address(0) || attempted) return;
        attempted = true;
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory result) = reentryTarget.call(reentryData);
        if (success) revert ReentrySucceeded();
        if (!swallowFailure) _bubble(result);
        reentryError = result;
    }

    function _bubble(bytes memory result) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            revert(add(result, 0x20), mload(result))
        }
    }
}
