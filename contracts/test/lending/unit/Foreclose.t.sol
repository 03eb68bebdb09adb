// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract ForecloseTest is UnitBase {
    function test_foreclose_fixedTermAfterDueDateAndGrace() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan));

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanClosed(loanId, lender, CLOSED_FORECLOSED);
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), lender, "NFT to the lender");
        _assertClosed(loanId);
    }

    function test_foreclose_revertsAtTheEndOfTheGracePeriod() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan) - 1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, loanId, _defaultTime(loan)));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_revertsAtTheDueDate() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(uint256(loan.startTime) + loan.duration);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, loanId, _defaultTime(loan)));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_sendsTheNftToTo() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        address vault = makeAddr("vault");
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, vault);

        assertEq(nft.ownerOf(1), vault, "NFT to `to`");
    }

    function test_foreclose_zeroToMeansTheCaller() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, address(0));

        assertEq(nft.ownerOf(1), lender, "NFT to the caller");
    }

    function test_foreclose_revertsWhenCallerIsNotLenderNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan));

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.foreclose(loanId, loan, attacker);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.foreclose(loanId, loan, borrower);
    }

    function test_foreclose_followsTheLenderNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _transferLenderNote(loanId, lender2);
        vm.warp(_defaultTime(loan));

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        vm.prank(lender2);
        core.foreclose(loanId, loan, lender2);
        assertEq(nft.ownerOf(1), lender2, "note holder forecloses");
    }

    function test_foreclose_erc1155Collateral() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_itemsOffer(), 1, 1 ether);
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(items.balanceOf(lender, 1), 3, "items to the lender");
    }

    function test_foreclose_loanCannotBeRepaidAfterwards() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotFound.selector, loanId));
        vm.prank(borrower);
        core.repay(loanId, loan);
    }

    function test_foreclose_openTermRevertsWhenNotCalled() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(365 days);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotCalled.selector, loanId));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_openTermRevertsDuringTheRefinancingAuction() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);
        vm.warp(uint256(loan.callTime) + AUCTION_DURATION - 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NotDefaulted.selector, loanId, uint256(loan.callTime) + AUCTION_DURATION
            )
        );
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_openTermAfterTheRefinancingAuctionEnded() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);
        vm.warp(uint256(loan.callTime) + AUCTION_DURATION);

        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), lender, "NFT to the lender");
    }

    function test_foreclose_auctionModeRevertsWithoutASale() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan) + 30 days);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleNotStarted.selector, loanId));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_auctionModeRevertsWhileTheSaleRuns() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        vm.warp(uint256(loan.saleStart) + SALE_DURATION - 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.SaleNotOver.selector, loanId, uint256(loan.saleStart) + SALE_DURATION
            )
        );
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_foreclose_auctionModeAfterAnUnsoldSale() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        vm.warp(uint256(loan.saleStart) + SALE_DURATION);

        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), lender, "unsold NFT to the lender");
        _assertClosed(loanId);
    }

    function test_foreclose_auctionModeOnlyByTheLenderNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        vm.warp(uint256(loan.saleStart) + SALE_DURATION);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, keeper));
        vm.prank(keeper);
        core.foreclose(loanId, loan, keeper);
    }

    function testFuzz_foreclose_fixedTermOnlyAfterDueDateAndGrace(
        uint32 duration,
        uint32 gracePeriod,
        uint256 elapsed
    ) public {
        duration = uint32(bound(duration, 1, 365 days));
        gracePeriod = uint32(bound(gracePeriod, 0, 30 days));
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.duration = duration;
        offer.gracePeriod = gracePeriod;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        elapsed = bound(elapsed, 0, uint256(duration) + gracePeriod + 10 days);
        skip(elapsed);
        bool defaulted = elapsed > uint256(duration) + gracePeriod;

        if (!defaulted) {
            vm.expectRevert(
                abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, loanId, _defaultTime(loan))
            );
        }
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), defaulted ? lender : address(core), "NFT");
    }
}
