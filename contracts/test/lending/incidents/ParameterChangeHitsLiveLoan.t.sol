// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: a parameter change hitting a live loan (BendDAO v2 M-17: changing
/// `auctionDuration` changed live auctions). Timing parameters are immutable; the protocol fee is copied
/// into each loan at origination, so a later fee change never reaches repayment, partial repayment, the
/// default sale or a takeover of that loan. Pausing and disallowing a currency only stop new loans.
contract ParameterChangeHitsLiveLoanTest is IncidentBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _accept(_auctionMode(_collectionOffer()), 1, 1 ether);
        assertEq(loan.feeBps, FEE_BPS);
    }

    function _setFee(uint16 feeBps) internal {
        vm.prank(owner);
        core.setProtocolFee(feeBps);
    }

    function testFuzz_repay_usesFeeFixedAtOrigination(uint16 newFee, uint256 elapsed) public {
        _setFee(uint16(bound(newFee, 0, core.MAX_FEE_BPS())));
        skip(bound(elapsed, 1, 30 days));
        (uint256 interest, uint256 fee) = _interestAndFee(loan);
        uint256 treasuryBefore = weth.balanceOf(treasury);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(weth.balanceOf(treasury) - treasuryBefore, fee);
        assertEq(fee, interest * FEE_BPS / 10_000);
    }

    function test_repayPartial_usesFeeFixedAtOrigination() public {
        skip(20 days);
        _setFee(core.MAX_FEE_BPS());
        (uint256 interest, uint256 fee) = _interestAndFee(loan);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, interest);
        assertEq(weth.balanceOf(treasury), fee);
        loan = _lastLoan();
        assertEq(loan.feeBps, FEE_BPS);

        _setFee(0);
        skip(5 days);
        (, uint256 laterFee) = _interestAndFee(loan);
        assertGt(laterFee, 0);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(weth.balanceOf(treasury), fee + laterFee);
    }

    function test_buy_usesFeeFixedAtOrigination() public {
        _skipToDefault(loan);
        _recordAs(keeper);
        core.startSale(loanId, loan);
        loan = _lastLoan();
        _setFee(0);
        skip(1 days);
        (, uint256 fee) = _interestAndFee(loan);
        assertGt(fee, 0);
        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);
        assertEq(weth.balanceOf(treasury), fee);
    }

    function test_takeOverAndRenegotiate_keepFeeFixedAtOrigination() public {
        skip(3 days);
        _setFee(2000);
        _recordAs(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        loan = _lastLoan();
        assertEq(loan.feeBps, FEE_BPS);

        ILoanTypes.Renegotiation memory terms = ILoanTypes.Renegotiation({
            loanId: loanId,
            loanHash: keccak256(abi.encode(loan)),
            aprBps: 800,
            duration: 40 days,
            gracePeriod: 1 days,
            expiry: uint64(block.timestamp + 1 days),
            nonce: 0
        });
        bytes memory signature = _sign(lender2Key, core.hashRenegotiation(terms));
        _recordAs(borrower);
        core.renegotiate(loanId, loan, terms, signature);
        assertEq(_lastLoan().feeBps, FEE_BPS);
    }

    function test_refinance_oldLenderPaysOldFee_newLoanTakesCurrentFee() public {
        skip(10 days);
        _setFee(2000);
        (, uint256 fee) = _interestAndFee(loan);
        ILoanTypes.LoanOffer memory offer = _auctionMode(_collectionOffer());
        offer.lender = lender2;
        bytes memory signature = _signOffer(lender2Key, offer);
        _recordAs(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, noProof);
        assertEq(weth.balanceOf(treasury), fee);
        assertEq(_lastLoan().feeBps, 2000);
    }

    function test_pause_liveLoansStillSettle() public {
        vm.prank(guardian);
        core.setPaused(true);
        skip(5 days);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.1 ether);
        loan = _lastLoan();
        _skipToDefault(loan);
        _recordAs(keeper);
        core.startSale(loanId, loan);
        loan = _lastLoan();
        skip(1 hours);
        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);
        _assertClosed(loanId);
    }

    /// @dev Documents current behaviour: a pause also stops the borrower's refinance and third-party
    /// takeovers of live loans, though `setPaused` promises to pause only new originations.
    function test_pause_blocksRefinanceAndTakeOverOfLiveLoans() public {
        vm.prank(guardian);
        core.setPaused(true);
        skip(3 days);
        ILoanTypes.LoanOffer memory offer = _auctionMode(_collectionOffer());
        offer.lender = lender2;
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, noProof);
        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
    }

    /// @dev Documents current behaviour: disallowing the currency stops refinancing a live loan in it
    /// (though `setCurrencyAllowed` says live loans are unaffected), while takeovers and settlement go on.
    function test_disallowCurrency_liveLoanSettles_butCannotRefinance() public {
        vm.prank(owner);
        core.setCurrencyAllowed(address(weth), false);
        skip(3 days);
        ILoanTypes.LoanOffer memory offer = _auctionMode(_collectionOffer());
        offer.lender = lender2;
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(weth)));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, noProof);

        _recordAs(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        loan = _lastLoan();
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertClosed(loanId);
    }

    function test_loanParameters_haveNoSetter() public view {
        ILoanTypes.Parameters memory parameters = core.loanParameters();
        assertEq(parameters.saleDuration, 2 days);
        assertEq(parameters.refinancingAuctionDuration, 2 days);
        assertEq(parameters.minHoldingPeriod, 2 days);
    }
}
