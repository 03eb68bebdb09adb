// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: a blacklisted recipient blocks settlement (BendDAO v2 M-03: a blacklisted
/// bidder DOSes liquidation; Arcade's forceRepay). With a USDC-like currency, a lender who cannot
/// receive must not stop the borrower from repaying, the sale, a refinance or a takeover: its share is
/// booked in the core and claimable (to another address while blacklisted).
contract BlacklistedRecipientTest is IncidentBaseTest {
    address internal sink = makeAddr("sink");

    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _accept(_usdOffer(), 1, 1000e6);
        _blacklist(lender, true);
        skip(10 days);
    }

    function _blacklist(address account, bool blacklisted) internal {
        vm.prank(owner);
        usd.setBlacklisted(account, blacklisted);
    }

    function _assertBooked(address account, uint256 amount) internal view {
        assertEq(core.claimable(account, address(usd)), amount, "booked amount");
        assertEq(usd.balanceOf(address(core)), amount, "core holds exactly the booked balance");
    }

    function _lenderClaimsTo(address to, uint256 amount) internal {
        vm.prank(lender);
        assertEq(core.claim(address(usd), to), amount);
        assertEq(usd.balanceOf(to), amount);
        assertEq(core.claimable(lender, address(usd)), 0);
        assertEq(usd.balanceOf(address(core)), 0);
    }

    function test_repay_lenderBlacklisted_settlesAndBooks() public {
        (, uint256 fee) = _interestAndFee(loan);
        uint256 debt = _debt(loan);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertClosed(loanId);
        assertEq(nft.ownerOf(1), borrower);
        assertEq(usd.balanceOf(treasury), fee);
        _assertBooked(lender, debt - fee);

        // Claiming to itself fails while blacklisted; to another address it works.
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(usd), address(core), debt - fee)
        );
        vm.prank(lender);
        core.claim(address(usd), lender);
        _lenderClaimsTo(sink, debt - fee);
    }

    function test_repayPartial_lenderBlacklisted_settlesAndBooks() public {
        (uint256 interest, uint256 fee) = _interestAndFee(loan);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, interest + 100e6);
        loan = _lastLoan();
        assertEq(loan.principal, 900e6);
        _assertBooked(lender, interest + 100e6 - fee);

        // A second payment adds to the booking; after unblacklisting the lender claims to itself.
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 50e6);
        _assertBooked(lender, interest + 150e6 - fee);
        _blacklist(lender, false);
        uint256 balanceBefore = usd.balanceOf(lender);
        vm.prank(lender);
        core.claim(address(usd), lender);
        assertEq(usd.balanceOf(lender) - balanceBefore, interest + 150e6 - fee);
    }

    function test_buy_lenderBlacklisted_settlesAndBooks() public {
        _blacklist(lender, false);
        (loanId, loan) = _accept(_auctionMode(_usdOffer()), 2, 1000e6);
        _blacklist(lender, true);
        _skipToDefault(loan);
        _recordAs(keeper);
        core.startSale(loanId, loan);
        loan = _lastLoan();
        skip(1 days);
        uint256 price = core.salePrice(loan, block.timestamp);
        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);
        uint256 fee = interest * loan.feeBps / 10_000;
        uint256 borrowerBefore = usd.balanceOf(borrower);
        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);
        assertEq(nft.ownerOf(2), keeper);
        assertEq(usd.balanceOf(borrower) - borrowerBefore, price - debt);
        _assertBooked(lender, debt - fee);
    }

    function test_refinance_lenderBlacklisted_settlesAndBooks() public {
        (, uint256 fee) = _interestAndFee(loan);
        uint256 debt = _debt(loan);
        ILoanTypes.LoanOffer memory offer = _usdOffer();
        offer.lender = lender2;
        offer.minPrincipal = 1;
        bytes memory signature = _signOffer(lender2Key, offer);
        // The new principal is less than the debt: the borrower pays the rest, also booked for the lender.
        uint256 borrowerBefore = usd.balanceOf(borrower);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 600e6, noProof);
        assertEq(borrowerBefore - usd.balanceOf(borrower), debt - 600e6);
        assertEq(_lenderOf(loanId), lender2);
        _assertBooked(lender, debt - fee);
        _lenderClaimsTo(sink, debt - fee);
    }

    function test_takeOver_lenderBlacklisted_settlesAndBooks() public {
        uint256 debt = _debt(loan);
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        assertEq(_lenderOf(loanId), lender2);
        _assertBooked(lender, debt);
    }

    function test_auctionTakeover_lenderBlacklisted_settlesAndBooks() public {
        _blacklist(lender, false);
        ILoanTypes.LoanOffer memory openTerm = _usdOffer();
        openTerm.duration = 0;
        (loanId, loan) = _accept(openTerm, 2, 1000e6);
        skip(3 days);
        _recordAs(lender);
        core.callLoan(loanId, loan);
        loan = _lastLoan();
        _blacklist(lender, true);
        skip(1 hours);
        uint256 debt = _debt(loan);
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, loan.aprBps);
        _assertBooked(lender, debt);
    }

    function test_blacklistedLenderNote_cannotBlockForeclosure() public {
        // The lender, even blacklisted, keeps its default rights; collateral is not a currency payment.
        _skipToDefault(loan);
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
        assertEq(nft.ownerOf(1), lender);
    }

    function test_repay_treasuryAndBorrowerBlacklisted_settlesAndBooks() public {
        _blacklist(lender, false);
        _blacklist(treasury, true);
        (, uint256 fee) = _interestAndFee(loan);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertBooked(treasury, fee);

        // A blacklisted borrower still receives a loan: its principal is booked.
        _blacklist(borrower, true);
        ILoanTypes.LoanOffer memory offer = _usdOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 3, 700e6, noProof, address(0), address(0));
        assertEq(core.claimable(borrower, address(usd)), 700e6);
        assertEq(usd.balanceOf(address(core)), fee + 700e6);
    }

    function test_takeOver_blacklistedNewLender_reverts() public {
        _blacklist(lender2, true);
        uint256 debt = _debt(loan);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(usd), lender2, debt)
        );
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        _assertLive(loanId, loan);
    }
}
