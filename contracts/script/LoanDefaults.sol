// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../src/interfaces/ILoanTypes.sol";

/// @notice The loan core's deployment parameters (immutable once deployed). Reasoning in docs/lending.md.
library LoanDefaults {
    function parameters() internal pure returns (ILoanTypes.Parameters memory) {
        return ILoanTypes.Parameters({
            // A takeover must cut the APR by at least 10% of it (Arcade's rule).
            minAprImprovementBps: 1000,
            // The current lender keeps a fixed-term loan at least 2 days before a takeover.
            minHoldingPeriod: 2 days,
            // An open-term loan runs at least 3 days before its lender may call it.
            minCallDelay: 3 days,
            // After a call, other lenders have 2 days to take the loan over.
            refinancingAuctionDuration: 2 days,
            // 1000% APR: the refinancing ceiling and the cap on every loan (Blend's).
            maxAprBps: 100_000,
            // A default sale runs 2 days...
            saleDuration: 2 days,
            // ...starting at 4x the debt (premium 300%) and falling to the debt, so the first buyer
            // pays about the NFT's market value and the borrower keeps the surplus.
            saleStartPremiumBps: 30_000
        });
    }
}
