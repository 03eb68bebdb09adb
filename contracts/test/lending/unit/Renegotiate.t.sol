// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract RenegotiateTest is UnitBase {
    function _renegotiate(
        uint256 loanId,
        ILoanTypes.Loan memory loan,
        ILoanTypes.Renegotiation memory terms,
        uint256 signerKey
    ) internal returns (ILoanTypes.Loan memory) {
        bytes memory signature = _signRenegotiation(signerKey, terms);
        vm.recordLogs();
        vm.prank(_borrowerOf(loanId));
        core.renegotiate(loanId, loan, terms, signature);
        return _lastLoan();
    }

    function test_renegotiate_appliesTheLenderSignedTerms() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 interest = _interest(1 ether, 1000, 10 days);

        ILoanTypes.Loan memory updated =
            _renegotiate(loanId, loan, _renegotiation(loanId, 500, 60 days, 3 days), lenderKey);

        assertEq(updated.aprBps, 500, "apr");
        assertEq(updated.duration, 60 days, "duration");
        assertEq(updated.gracePeriod, 3 days, "grace");
        assertEq(updated.carriedInterest, interest, "accrued interest carried");
        assertEq(updated.accrualStart, block.timestamp, "accrual restarts");
        assertEq(updated.startTime, loan.startTime, "start unchanged: duration counts from it");
        assertEq(updated.principal, loan.principal, "principal");
        _assertStored(loanId, updated);
        assertEq(_lenderOf(loanId), lender, "same lender");
    }

    function test_renegotiate_newRateAppliesFromNowOn() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 carried = _interest(1 ether, 1000, 10 days);
        ILoanTypes.Loan memory updated =
            _renegotiate(loanId, loan, _renegotiation(loanId, 2000, 30 days, 1 days), lenderKey);
        skip(5 days);

        (uint256 interest,) = core.debtAt(updated, block.timestamp);

        assertEq(interest, carried + _interest(1 ether, 2000, 5 days), "old rate before, new rate after");
    }

    function test_renegotiate_emitsLoanUpdated() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 700, 40 days, 2 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.carriedInterest = _interest(1 ether, 1000, 1 days);
        expected.accrualStart = uint40(block.timestamp);
        expected.aprBps = 700;
        expected.duration = 40 days;
        expected.gracePeriod = 2 days;

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanUpdated(loanId, expected);
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsWhenNotSignedByTheLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 0, 365 days, 30 days);
        bytes32 digest = core.hashRenegotiation(terms);
        bytes memory signature = _sign(borrowerKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsHighSSignature() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes32 digest = core.hashRenegotiation(terms);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, _signHighS(lenderKey, digest));
    }

    function test_renegotiate_signerMustHoldTheLenderNoteNow() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory oldLenderSignature = _signRenegotiation(lenderKey, terms);
        _transferLenderNote(loanId, lender2);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidSignature.selector, lender2, core.hashRenegotiation(terms)
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, oldLenderSignature);

        ILoanTypes.Loan memory updated = _renegotiate(loanId, loan, terms, lender2Key);
        assertEq(updated.aprBps, 500, "the note holder's signature applies");
    }

    function test_renegotiate_revertsForAnotherLoanId() public {
        (uint256 firstId,) = _openLoan();
        (uint256 secondId, ILoanTypes.Loan memory second) = _accept(_collectionOffer(), 2, 1 ether);
        ILoanTypes.Renegotiation memory terms = _renegotiation(firstId, 100, 90 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, secondId, core.loanHash(secondId), terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(secondId, second, terms, signature);
    }

    function test_renegotiate_revertsForAnotherLoanIdEvenWithItsHash() public {
        (uint256 firstId,) = _openLoan();
        (uint256 secondId, ILoanTypes.Loan memory second) = _accept(_collectionOffer(), 2, 1 ether);
        ILoanTypes.Renegotiation memory terms = _renegotiation(secondId, 100, 90 days, 1 days);
        terms.loanId = firstId;
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, secondId, core.loanHash(secondId), terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(secondId, second, terms, signature);
    }

    function test_renegotiate_revertsAfterTheLoanChanged() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);
        skip(1 days);
        loan = _repayPartial(loanId, loan, 0.1 ether);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, loanId, keccak256(abi.encode(loan)), terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_cannotBeReplayed() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);
        vm.recordLogs();
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
        ILoanTypes.Loan memory updated = _lastLoan();

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, loanId, keccak256(abi.encode(updated)), terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, updated, terms, signature);
    }

    function test_renegotiate_revertsAfterExpiry() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);
        vm.warp(uint256(terms.expiry) + 1);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.OfferExpired.selector, terms.expiry, uint256(terms.expiry) + 1)
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsWhenNonceCancelled() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);
        vm.prank(lender);
        core.cancelNoncesBelow(1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NonceCancelled.selector, lender, 0, 1));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsWhenCallerIsNotBorrowerNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 5000, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.renegotiate(loanId, loan, terms, signature);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_followsTheBorrowerNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        address noteBuyer = makeAddr("noteBuyer");
        _transferBorrowerNote(loanId, noteBuyer);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);

        vm.prank(noteBuyer);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsDuringDefaultSale() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 90 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleAlreadyStarted.selector, loanId));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_revertsAprAboveMax() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms =
            _renegotiation(loanId, uint32(MAX_APR_BPS + 1), 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, MAX_APR_BPS + 1, MAX_APR_BPS));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_renegotiate_resetsTheCallOfAnOpenTermLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);

        ILoanTypes.Loan memory updated =
            _renegotiate(loanId, loan, _renegotiation(loanId, 800, 0, 0), lenderKey);

        assertEq(updated.callTime, 0, "call reset");
        assertEq(updated.duration, 0, "still open-term");
        assertEq(updated.aprBps, 800, "apr");
    }

    function test_renegotiate_canTurnAFixedTermLoanOpenTerm() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();

        ILoanTypes.Loan memory updated =
            _renegotiate(loanId, loan, _renegotiation(loanId, 1000, 0, 0), lenderKey);
        skip(MIN_CALL_DELAY);

        assertEq(updated.duration, 0, "open-term");
        _callLoan(loanId, updated);
    }

    function testFuzz_renegotiate_debtIsContinuousAndTheNewRateAppliesAfter(
        uint32 aprBps,
        uint256 elapsed,
        uint256 later
    ) public {
        aprBps = uint32(bound(aprBps, 0, MAX_APR_BPS));
        elapsed = bound(elapsed, 0, YEAR);
        later = bound(later, 0, YEAR);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(elapsed);
        uint256 debtBefore = _debt(loan);

        ILoanTypes.Loan memory updated =
            _renegotiate(loanId, loan, _renegotiation(loanId, aprBps, 400 days, 1 days), lenderKey);

        assertEq(_debt(updated), debtBefore, "no jump at renegotiation");
        skip(later);
        (uint256 interest,) = core.debtAt(updated, block.timestamp);
        assertEq(interest, _interest(1 ether, 1000, elapsed) + _interest(1 ether, aprBps, later), "interest");
    }
}
