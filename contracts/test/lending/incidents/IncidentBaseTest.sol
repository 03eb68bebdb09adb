// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingBaseTest} from "../LendingBaseTest.sol";
import {Vm} from "forge-std/Test.sol";

/// @notice Helpers shared by the incident-class tests: offers in either currency, signed by either
/// lender, loans opened by any account, and the payment and collateral bookings they leave behind.
abstract contract IncidentBaseTest is LendingBaseTest {
    bytes32[] internal noProof;

    /// @dev A collection offer in the 6-decimal stablecoin: 500-1,000 dUSD, capacity 10,000 dUSD.
    function _usdOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.currency = address(usd);
        offer.minPrincipal = 500e6;
        offer.maxPrincipal = 1000e6;
        offer.capacity = 10_000e6;
    }

    /// @dev An offer for exactly `tokenId` of the demo collection.
    function _tokenOffer(uint256 tokenId) internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.Token;
        offer.tokenId = tokenId;
    }

    /// @dev An auction-mode variant of `offer`.
    function _auctionMode(ILoanTypes.LoanOffer memory offer)
        internal
        pure
        returns (ILoanTypes.LoanOffer memory)
    {
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
        return offer;
    }

    /// @dev `taker` takes `offer` signed with `key` for `tokenId`; returns the loan as recorded.
    function _acceptAs(
        address taker,
        uint256 key,
        ILoanTypes.LoanOffer memory offer,
        uint256 tokenId,
        uint256 principal
    ) internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        bytes memory signature = _signOffer(key, offer);
        vm.recordLogs();
        vm.prank(taker);
        loanId = core.acceptOffer(offer, signature, tokenId, principal, noProof, address(0), address(0));
        loan = _lastLoan();
    }

    /// @dev Runs the next call as `caller` while recording logs, so `_lastLoan()` reads its result.
    function _recordAs(address caller) internal {
        vm.recordLogs();
        vm.prank(caller);
    }

    /// @dev Fixed-term loan past its due date and grace period.
    function _skipToDefault(ILoanTypes.Loan memory loan) internal {
        vm.warp(uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1);
    }

    /// @dev The interest part of the debt and the protocol fee on it at the current time.
    function _interestAndFee(ILoanTypes.Loan memory loan)
        internal
        view
        returns (uint256 interest, uint256 fee)
    {
        (interest,) = core.debtAt(loan, block.timestamp);
        fee = interest * loan.feeBps / 10_000;
    }

    /// @dev The claim id of collateral booked for `loanId`, from the recorded CollateralBooked event.
    function _bookedCollateral(Vm.Log[] memory logs)
        internal
        view
        returns (bytes32 claimId, address account)
    {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(core) && logs[i].topics[0] == ILoanTypes.CollateralBooked.selector)
            {
                return (logs[i].topics[1], address(uint160(uint256(logs[i].topics[2]))));
            }
        }
    }

    function _assertClosed(uint256 loanId) internal {
        assertEq(core.loanHash(loanId), bytes32(0), "loan hash not cleared");
        uint256 lenderNote = core.lenderNoteId(loanId);
        uint256 borrowerNote = core.borrowerNoteId(loanId);
        vm.expectRevert();
        core.ownerOf(lenderNote);
        vm.expectRevert();
        core.ownerOf(borrowerNote);
    }

    function _assertLive(uint256 loanId, ILoanTypes.Loan memory loan) internal view {
        assertEq(core.loanHash(loanId), keccak256(abi.encode(loan)), "stored hash");
    }
}
