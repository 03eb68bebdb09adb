// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract StartSaleTest is UnitBase {
    function test_startSale_anyoneStartsItAfterDefault() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.saleStart = uint40(block.timestamp);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanUpdated(loanId, expected);
        vm.prank(keeper);
        core.startSale(loanId, loan);

        _assertStored(loanId, expected);
        assertEq(nft.ownerOf(1), address(core), "still escrowed");
    }

    function test_startSale_priceStartsAtFourTimesTheDebt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));

        ILoanTypes.Loan memory selling = _startSale(loanId, loan);

        uint256 debt = _debt(selling);
        assertEq(
            core.salePrice(selling, block.timestamp), debt + debt * SALE_PREMIUM_BPS / BPS, "debt + 300%"
        );
        assertEq(core.salePrice(selling, block.timestamp), 4 * debt, "4x");
    }

    function test_startSale_revertsBeforeDefault() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan) - 1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, loanId, _defaultTime(loan)));
        vm.prank(keeper);
        core.startSale(loanId, loan);
    }

    function test_startSale_revertsForForecloseMode() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan));

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.WrongDefaultMode.selector, loanId, ILoanTypes.DefaultMode.Foreclose
            )
        );
        vm.prank(keeper);
        core.startSale(loanId, loan);
    }

    function test_startSale_revertsWhenAlreadyStarted() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        ILoanTypes.Loan memory selling = _startSale(loanId, loan);
        skip(SALE_DURATION + 1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleAlreadyStarted.selector, loanId));
        vm.prank(keeper);
        core.startSale(loanId, selling);
    }

    function test_startSale_openTermAfterTheRefinancingAuction() public {
        ILoanTypes.LoanOffer memory offer = _openTermOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);

        vm.warp(uint256(loan.callTime) + AUCTION_DURATION - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NotDefaulted.selector, loanId, uint256(loan.callTime) + AUCTION_DURATION
            )
        );
        vm.prank(keeper);
        core.startSale(loanId, loan);

        skip(1);
        ILoanTypes.Loan memory selling = _startSale(loanId, loan);
        assertEq(selling.saleStart, block.timestamp, "sale started");
    }

    function test_startSale_openTermRevertsWhenNotCalled() public {
        ILoanTypes.LoanOffer memory offer = _openTermOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        skip(365 days);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotCalled.selector, loanId));
        vm.prank(keeper);
        core.startSale(loanId, loan);
    }

    function test_startSale_doesNotChangeTheDebt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan) + 3 days);
        uint256 debt = _debt(loan);

        ILoanTypes.Loan memory selling = _startSale(loanId, loan);

        assertEq(_debt(selling), debt, "debt");
    }
}
