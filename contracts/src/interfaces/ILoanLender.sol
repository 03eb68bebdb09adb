// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {ILoanCore} from "./ILoanCore.sol";

/// @title ILoanLender
/// @notice A lender that is a contract (a pool): it underwrites on chain when a borrower calls
/// `ILoanCore.borrowFrom`, then the core pulls the principal from it (it must have approved the core).
interface ILoanLender {
    /// @notice Called by the loan core after the loan is recorded and before any token moves.
    /// @dev Must check `msg.sender` is the loan core, then accept by returning this function's selector;
    /// any other answer or a revert rejects the loan (`LenderRejected`). The lender receives the lender
    /// note of `loanId`.
    /// Warning: every term - including the collateral contract and token - comes from the borrower.
    /// Validate all of it (collection allowlist, value, principal, APR, duration) before accepting.
    function onLoanRequested(
        address borrower,
        uint256 loanId,
        ILoanCore.Loan calldata loan,
        bytes calldata data
    ) external returns (bytes4);

    /// @notice Called by the loan core on the lender-note holder of a `DefaultMode.Managed` loan after every
    /// payment it received for that loan (repayment, partial repayment, refinancing away), once the
    /// currency moved. `received` is what it was paid (interest net of the protocol fee, plus principal);
    /// `principal` and `carriedInterest` are its remaining claim, interest accruing again from now at the
    /// loan's APR - both zero when the loan closed or left this lender.
    /// @dev Must check `msg.sender` is the loan core. A revert here reverts the payment: a lender contract
    /// that can fail this call can block its borrowers' repayments.
    function onLoanRepaid(uint256 loanId, uint256 received, uint256 principal, uint256 carriedInterest)
        external;
}
