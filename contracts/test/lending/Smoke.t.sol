// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {LendingBaseTest} from "./LendingBaseTest.sol";

contract LendingSmokeTest is LendingBaseTest {
    function test_smoke_acceptRepay() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        assertEq(nft.ownerOf(1), address(core));
        assertEq(_lenderOf(loanId), lender);
        assertEq(_borrowerOf(loanId), borrower);
        skip(10 days);
        uint256 debt = _debt(loan);
        uint256 lenderBefore = weth.balanceOf(lender);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
        uint256 interest = debt - 1 ether;
        uint256 fee = interest * FEE_BPS / 10_000;
        assertEq(weth.balanceOf(lender) - lenderBefore, debt - fee);
        assertEq(weth.balanceOf(treasury), fee);
        assertEq(core.loanHash(loanId), bytes32(0));
    }
}
