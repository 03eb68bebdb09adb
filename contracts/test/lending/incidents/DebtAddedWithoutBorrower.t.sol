// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: debt added without the borrower (Gondi H-12: `addNewTranche` let anyone add a
/// tranche, i.e. principal, to a loan without the borrower's signature). Here only the borrower-note
/// holder can change principal (refinance) or sign off on new terms (renegotiate); third-party takeovers
/// carry the exact debt over at a strictly lower APR.
contract DebtAddedWithoutBorrowerTest is IncidentBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _openLoan();
        _fund(attacker, 1000 ether, 1_000_000e6);
    }

    function test_takeOver_carriesExactDebtAtLowerApr() public {
        skip(3 days);
        (uint256 interestBefore, uint256 debtBefore) = core.debtAt(loan, block.timestamp);
        uint256 lenderBalance = weth.balanceOf(lender);

        _recordAs(attacker);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        ILoanTypes.Loan memory taken = _lastLoan();

        assertEq(taken.principal, loan.principal, "principal changed");
        assertEq(taken.carriedInterest, interestBefore, "interest not carried");
        (, uint256 debtAfter) = core.debtAt(taken, block.timestamp);
        assertEq(debtAfter, debtBefore, "debt changed");
        assertEq(weth.balanceOf(lender), lenderBalance + debtBefore);
        assertEq(_lenderOf(loanId), attacker);
        assertEq(_borrowerOf(loanId), borrower);
    }

    function test_takeOver_termsNotBetter_reverts() public {
        skip(3 days);
        uint32 remaining = uint32(uint256(loan.startTime) + loan.duration - block.timestamp);
        // [apr, duration, grace]: higher APR, APR cut below the 10% step, earlier due date, shorter grace,
        // open-term (no due date at all).
        uint32[3][5] memory terms = [
            [uint32(1001), remaining, uint32(1 days)],
            [uint32(901), remaining, uint32(1 days)],
            [uint32(500), remaining - 1, uint32(1 days)],
            [uint32(500), remaining, uint32(1 days - 1)],
            [uint32(500), uint32(0), uint32(1 days)]
        ];
        for (uint256 i; i < terms.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TermsNotBetter.selector, loanId));
            vm.prank(attacker);
            core.takeOver(loanId, loan, terms[i][0], terms[i][1], terms[i][2]);
        }
        _assertLive(loanId, loan);
    }

    function test_takeOver_duringHoldingPeriod_reverts() public {
        skip(2 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.HoldingPeriodActive.selector, loanId, uint256(loan.startTime) + 2 days
            )
        );
        vm.prank(attacker);
        core.takeOver(loanId, loan, 500, 30 days, 1 days);
    }

    function testFuzz_takeOver_neverAddsDebt(
        uint32 aprBps,
        uint32 duration,
        uint32 gracePeriod,
        uint256 elapsed
    ) public {
        elapsed = bound(elapsed, 2 days, 40 days);
        aprBps = uint32(bound(aprBps, 0, 2 * loan.aprBps));
        duration = uint32(bound(duration, 0, 60 days));
        gracePeriod = uint32(bound(gracePeriod, 0, 2 days));
        skip(elapsed);
        (uint256 interestBefore, uint256 debtBefore) = core.debtAt(loan, block.timestamp);
        _recordAs(attacker);
        try core.takeOver(loanId, loan, aprBps, duration, gracePeriod) {
            ILoanTypes.Loan memory taken = _lastLoan();
            assertEq(taken.principal, loan.principal);
            assertEq(taken.carriedInterest, interestBefore);
            (, uint256 debtAfter) = core.debtAt(taken, block.timestamp);
            assertEq(debtAfter, debtBefore);
            assertLe(uint256(taken.aprBps) * 10_000, uint256(loan.aprBps) * 9000);
            assertGe(uint256(taken.startTime) + taken.duration, uint256(loan.startTime) + loan.duration);
            assertGe(taken.gracePeriod, loan.gracePeriod);
        } catch {
            _assertLive(loanId, loan);
        }
    }

    function test_renegotiate_onlyBorrowerNoteHolder() public {
        ILoanTypes.Renegotiation memory terms = ILoanTypes.Renegotiation({
            loanId: loanId,
            loanHash: keccak256(abi.encode(loan)),
            aprBps: 5000,
            duration: 365 days,
            gracePeriod: 0,
            expiry: uint64(block.timestamp + 1 days),
            nonce: 0
        });
        bytes memory signature = _sign(lenderKey, core.hashRenegotiation(terms));
        address[2] memory outsiders = [lender, attacker];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, outsiders[i]));
            vm.prank(outsiders[i]);
            core.renegotiate(loanId, loan, terms, signature);
        }
        // The borrower note moved: its new holder decides, the previous one no longer can.
        uint256 borrowerNote = core.borrowerNoteId(loanId);
        vm.prank(borrower);
        core.transferFrom(borrower, keeper, borrowerNote);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
        vm.prank(keeper);
        core.renegotiate(loanId, loan, terms, signature);
    }

    function test_refinance_onlyBorrowerNoteHolder() public {
        // A larger principal is a new loan for the borrower: only the borrower-note holder may take it.
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = lender2;
        offer.maxPrincipal = 5 ether;
        bytes memory signature = _signOffer(lender2Key, offer);
        address[3] memory outsiders = [lender, lender2, attacker];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, outsiders[i]));
            vm.prank(outsiders[i]);
            core.refinance(loanId, loan, offer, signature, 5 ether, noProof);
        }
        _assertLive(loanId, loan);
        uint256 borrowerBalance = weth.balanceOf(borrower);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 5 ether, noProof);
        assertEq(weth.balanceOf(borrower), borrowerBalance + 4 ether);
    }

    function test_auctionTakeover_carriesDebtWithinCeiling() public {
        ILoanTypes.LoanOffer memory openTerm = _collectionOffer();
        openTerm.duration = 0;
        (uint256 openId, ILoanTypes.Loan memory open) = _accept(openTerm, 2, 1 ether);
        skip(3 days);
        _recordAs(lender);
        core.callLoan(openId, open);
        open = _lastLoan();
        skip(1 days);
        uint256 ceiling = core.refinancingCeiling(open, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, ceiling + 1, ceiling));
        vm.prank(attacker);
        core.auctionTakeover(openId, open, uint32(ceiling + 1));

        (uint256 interestBefore, uint256 debtBefore) = core.debtAt(open, block.timestamp);
        _recordAs(attacker);
        core.auctionTakeover(openId, open, uint32(ceiling));
        ILoanTypes.Loan memory taken = _lastLoan();
        assertEq(taken.principal, open.principal);
        assertEq(taken.carriedInterest, interestBefore);
        (, uint256 debtAfter) = core.debtAt(taken, block.timestamp);
        assertEq(debtAfter, debtBefore);
        assertEq(taken.callTime, 0);
        assertEq(taken.duration, 0);
    }

    function test_repayPartial_onlyBorrowerNoteHolder_onlyReducesDebt() public {
        skip(10 days);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.repayPartial(loanId, loan, 0.1 ether);
        (, uint256 debtBefore) = core.debtAt(loan, block.timestamp);
        _recordAs(borrower);
        core.repayPartial(loanId, loan, 0.1 ether);
        ILoanTypes.Loan memory updated = _lastLoan();
        (, uint256 debtAfter) = core.debtAt(updated, block.timestamp);
        assertEq(debtAfter, debtBefore - 0.1 ether);
        assertLe(updated.principal, loan.principal);
    }

    /// @dev Documents current behaviour: a borrow request bounds the principal only from below, so the
    /// filling lender picks any larger principal (the borrower receives it and owes interest on it).
    function test_fillRequest_principalAboveMinimum_isLenderChoice() public {
        ILoanTypes.BorrowRequest memory request = ILoanTypes.BorrowRequest({
            borrower: borrower,
            collateral: address(nft),
            tokenId: 2,
            collateralAmount: 0,
            currency: address(weth),
            minPrincipal: 1 ether,
            maxAprBps: 1000,
            duration: 30 days,
            gracePeriod: 1 days,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            delegate: address(0),
            expiry: uint64(block.timestamp + 1 days),
            nonce: 0
        });
        bytes memory signature = _sign(borrowerKey, core.hashRequest(request));
        _recordAs(lender2);
        core.fillRequest(request, signature, 50 ether, 1000, address(0));
        assertEq(_lastLoan().principal, 50 ether);
    }
}
