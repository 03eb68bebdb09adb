// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

/// @dev Payments to a blacklisted USD holder are booked; the holder claims them later or elsewhere.
contract ClaimTest is UnitBase {
    function _blacklist(address account, bool blacklisted) internal {
        vm.prank(owner);
        usd.setBlacklisted(account, blacklisted);
    }

    function test_claim_repaySucceedsWithBlacklistedLenderAndBooksItsShare() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        skip(10 days);
        uint256 interest = _interest(1000e6, 1000, 10 days);
        uint256 share = 1000e6 + interest - _feeOn(interest, FEE_BPS);
        _blacklist(lender, true);
        uint256 lenderBefore = usd.balanceOf(lender);

        vm.expectEmit(address(core));
        emit ILoanTypes.PaymentBooked(lender, address(usd), share);
        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "repay still settles");
        assertEq(usd.balanceOf(lender), lenderBefore, "nothing delivered");
        assertEq(core.claimable(lender, address(usd)), share, "booked");
        assertEq(usd.balanceOf(address(core)), share, "held by the core");
        assertEq(usd.balanceOf(treasury), _feeOn(interest, FEE_BPS), "treasury paid directly");
    }

    function test_claim_paysTheBookedBalance() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        skip(10 days);
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        uint256 booked = core.claimable(lender, address(usd));
        _blacklist(lender, false);
        uint256 lenderBefore = usd.balanceOf(lender);

        vm.expectEmit(address(core));
        emit ILoanTypes.Claimed(lender, address(usd), lender, booked);
        vm.prank(lender);
        uint256 amount = core.claim(address(usd), lender);

        assertEq(amount, booked, "returned amount");
        assertEq(usd.balanceOf(lender) - lenderBefore, booked, "delivered");
        assertEq(core.claimable(lender, address(usd)), 0, "cleared");
        assertEq(usd.balanceOf(address(core)), 0, "core empty");
    }

    function test_claim_toAnotherAddressWhileStillBlacklisted() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        skip(10 days);
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        uint256 booked = core.claimable(lender, address(usd));
        address coldWallet = makeAddr("coldWallet");

        vm.prank(lender);
        core.claim(address(usd), coldWallet);

        assertEq(usd.balanceOf(coldWallet), booked, "delivered elsewhere");
        assertEq(core.claimable(lender, address(usd)), 0, "cleared");
    }

    function test_claim_revertsWhenNothingIsBooked() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NothingToClaim.selector, lender, address(usd)));
        vm.prank(lender);
        core.claim(address(usd), lender);
    }

    function test_claim_revertsTheSecondTime() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        vm.prank(lender);
        core.claim(address(usd), lender2);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NothingToClaim.selector, lender, address(usd)));
        vm.prank(lender);
        core.claim(address(usd), lender2);
    }

    function test_claim_onlyTheAccountItselfCanClaim() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NothingToClaim.selector, attacker, address(usd)));
        vm.prank(attacker);
        core.claim(address(usd), attacker);
        assertEq(core.claimable(lender, address(usd)), 1000e6, "untouched");
    }

    function test_claim_revertsWhenTheRecipientCannotReceiveAndKeepsTheBalance() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(usd), address(core), 1000e6)
        );
        vm.prank(lender);
        core.claim(address(usd), lender);
        assertEq(core.claimable(lender, address(usd)), 1000e6, "still booked");
    }

    function test_claim_partialRepaymentsAccumulate() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(lender, true);
        skip(1 days);
        loan = _repayPartial(loanId, loan, 100e6);
        uint256 firstShare = core.claimable(lender, address(usd));
        skip(1 days);
        _repayPartial(loanId, loan, 50e6);

        uint256 fees = usd.balanceOf(treasury);
        assertEq(core.claimable(lender, address(usd)), 150e6 - fees, "both shares booked");
        assertGt(firstShare, 0, "first booked");
    }

    function test_claim_blacklistedTreasuryFeeIsBooked() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        skip(30 days);
        uint256 fee = _feeOn(_interest(1000e6, 1000, 30 days), FEE_BPS);
        _blacklist(treasury, true);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(core.claimable(treasury, address(usd)), fee, "fee booked");
        assertGt(fee, 0, "non-zero fee");
    }

    function test_claim_blacklistedBorrowerSaleSurplusIsBooked() public {
        ILoanTypes.LoanOffer memory offer = _usdOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1000e6);
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        uint256 price = core.salePrice(loan, block.timestamp);
        uint256 surplus = price - _debt(loan);
        _blacklist(borrower, true);

        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);

        assertEq(core.claimable(borrower, address(usd)), surplus, "surplus booked");
        assertEq(nft.ownerOf(1), keeper, "sale settled");
    }

    function test_claim_blacklistedOldLenderIsPaidThroughBookingOnRefinance() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        skip(5 days);
        uint256 interest = _interest(1000e6, 1000, 5 days);
        ILoanTypes.LoanOffer memory offer = _usdOffer();
        offer.lender = lender2;
        offer.maxPrincipal = 2000e6;
        bytes memory signature = _signOffer(lender2Key, offer);
        _blacklist(lender, true);

        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1500e6, _noProof());

        assertEq(
            core.claimable(lender, address(usd)), 1000e6 + interest - _feeOn(interest, FEE_BPS), "booked"
        );
        assertEq(_lenderOf(loanId), lender2, "refinanced");
    }

    function test_claim_balancesAreKeptPerCurrency() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(core.claimable(lender, address(weth)), 0, "nothing in WETH");
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NothingToClaim.selector, lender, address(weth)));
        vm.prank(lender);
        core.claim(address(weth), lender);
    }

    function test_claim_blacklistedPayerCannotRepay() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        _blacklist(borrower, true);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(usd), borrower, 1000e6)
        );
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), address(core), "still escrowed");
    }
}
