// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";

/// @notice Builds the loan core's structs for the gateway tests: Scope.Token offers, requests, and the
/// loans the core records from them.
/// @dev Uses `ILoanCore.X` only as a type (`ILoanCore.Loan memory`), never as an expression
/// (`ILoanCore.Loan({...})`, `ILoanCore.Scope.Token`): the core's split moves its types to a base interface,
/// and Solidity resolves inherited members through the derived name in type positions only. Enum fields
/// are left at their zero values, Scope.Token and DefaultMode.Foreclose.
library LoanFixtures {
    /// @dev An offer for exactly `tokenId`, principal in [1 wei, `maxPrincipal`], capacity `maxPrincipal`,
    /// foreclosure on default, one day of grace, nonce 0.
    function tokenOffer(
        address lender,
        address collateral,
        uint256 tokenId,
        uint256 collateralAmount,
        address currency,
        uint256 maxPrincipal,
        uint32 aprBps,
        uint32 duration,
        uint64 expiry
    ) internal pure returns (ILoanCore.LoanOffer memory offer) {
        offer.lender = lender;
        offer.collateral = collateral;
        offer.tokenId = tokenId;
        offer.collateralAmount = collateralAmount;
        offer.currency = currency;
        offer.minPrincipal = 1;
        offer.maxPrincipal = maxPrincipal;
        offer.capacity = maxPrincipal;
        offer.aprBps = aprBps;
        offer.duration = duration;
        offer.gracePeriod = 1 days;
        offer.expiry = expiry;
    }

    /// @dev A request for `tokenId` (ERC-721), foreclosure on default, one day of grace, no delegate, nonce 0.
    function request(
        address borrower,
        address collateral,
        uint256 tokenId,
        address currency,
        uint256 minPrincipal,
        uint32 maxAprBps,
        uint32 duration,
        uint64 expiry
    ) internal pure returns (ILoanCore.BorrowRequest memory request_) {
        request_.borrower = borrower;
        request_.collateral = collateral;
        request_.tokenId = tokenId;
        request_.currency = currency;
        request_.minPrincipal = minPrincipal;
        request_.maxAprBps = maxAprBps;
        request_.duration = duration;
        request_.gracePeriod = 1 days;
        request_.expiry = expiry;
    }

    /// @dev The loan `acceptOffer` records now for `offer`.
    function loanFromOffer(
        ILoanCore.LoanOffer memory offer,
        uint256 principal,
        uint16 feeBps,
        address delegate
    ) internal view returns (ILoanCore.Loan memory loan) {
        loan.collateral = offer.collateral;
        loan.tokenId = offer.tokenId;
        loan.collateralAmount = offer.collateralAmount;
        loan.currency = offer.currency;
        loan.principal = principal;
        loan.aprBps = offer.aprBps;
        loan.feeBps = feeBps;
        loan.defaultMode = offer.defaultMode;
        loan.startTime = uint40(block.timestamp);
        loan.accrualStart = uint40(block.timestamp);
        loan.duration = offer.duration;
        loan.gracePeriod = offer.gracePeriod;
        loan.delegate = delegate;
    }

    /// @dev The loan `fillRequest` records now for `request_`.
    function loanFromRequest(
        ILoanCore.BorrowRequest memory request_,
        uint256 principal,
        uint32 aprBps,
        uint16 feeBps
    ) internal view returns (ILoanCore.Loan memory loan) {
        loan.collateral = request_.collateral;
        loan.tokenId = request_.tokenId;
        loan.collateralAmount = request_.collateralAmount;
        loan.currency = request_.currency;
        loan.principal = principal;
        loan.aprBps = aprBps;
        loan.feeBps = feeBps;
        loan.defaultMode = request_.defaultMode;
        loan.startTime = uint40(block.timestamp);
        loan.accrualStart = uint40(block.timestamp);
        loan.duration = request_.duration;
        loan.gracePeriod = request_.gracePeriod;
        loan.delegate = request_.delegate;
    }
}
