// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";

/// @notice The loan core errors and event the gateway tests expect, with ILoanCore's exact signatures, so
/// the same selectors and topic.
/// @dev `ILoanCore.PaymentFailed.selector` stops compiling once the core's split moves errors and events
/// to a base interface (inherited members are not visible through the derived name in expressions).
/// After merging with the split core, use that interface instead (`ILoanTypes.PaymentFailed.selector`)
/// and delete this file.
interface ILoanCoreSignatures {
    error InvalidSignature(address signer, bytes32 digest);
    error RequestAlreadyUsed(bytes32 requestHash);
    error AprTooHigh(uint256 aprBps, uint256 maxAprBps);
    error LoanHashMismatch(uint256 loanId, bytes32 stored, bytes32 supplied);
    error RepaymentTooLarge(uint256 amount, uint256 debt);
    error ZeroAmount();
    error PaymentFailed(address currency, address from, uint256 amount);

    event LoanStarted(
        uint256 indexed loanId, address indexed lender, address indexed borrower, ILoanCore.Loan loan
    );
}
