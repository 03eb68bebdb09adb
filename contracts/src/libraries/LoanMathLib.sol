// SPDX-License-Identifier: MIT
// Floating on purpose: the SDK's property tests and integrators compile it with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";

/// @title LoanMathLib
/// @notice Interest, fees and auction curves of the loan core. The TypeScript SDK mirrors every function
/// under the same name. Rounding: interest up (owed to the lender), fee down, refinancing ceiling down,
/// sale premium up (paid by the buyer to the borrower).
library LoanMathLib {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;

    /// @notice Simple interest on `principal` at `aprBps` for `elapsed` seconds, rounded up.
    function interestUp(uint256 principal, uint256 aprBps, uint256 elapsed) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDivUp(principal, aprBps * elapsed, BPS * YEAR);
    }

    /// @notice Interest owed and total debt of `loan` at `timestamp` (must be >= `loan.accrualStart`).
    function debtAt(ILoanCore.Loan memory loan, uint256 timestamp)
        internal
        pure
        returns (uint256 interest, uint256 debt)
    {
        interest =
            loan.carriedInterest + interestUp(loan.principal, loan.aprBps, timestamp - loan.accrualStart);
        debt = loan.principal + interest;
    }

    /// @notice The protocol's share of `interest`, rounded down.
    function feeOn(uint256 interest, uint256 feeBps) internal pure returns (uint256) {
        return interest * feeBps / BPS;
    }

    /// @notice Open-term refinancing auction: APR ceiling rising linearly from `aprBps` to `maxAprBps`
    /// over `duration`, rounded down.
    function refinancingCeiling(uint256 aprBps, uint256 maxAprBps, uint256 elapsed, uint256 duration)
        internal
        pure
        returns (uint256)
    {
        if (aprBps >= maxAprBps) return aprBps;
        if (elapsed >= duration) return maxAprBps;
        return aprBps + (maxAprBps - aprBps) * elapsed / duration;
    }

    /// @notice Default sale: premium over the debt, starting at `premiumBps` of the debt at sale start and
    /// falling linearly to zero at `duration`, rounded up.
    function salePremium(uint256 debtAtStart, uint256 premiumBps, uint256 elapsed, uint256 duration)
        internal
        pure
        returns (uint256)
    {
        if (elapsed >= duration) return 0;
        return FixedPointMathLib.fullMulDivUp(debtAtStart, premiumBps * (duration - elapsed), BPS * duration);
    }
}
