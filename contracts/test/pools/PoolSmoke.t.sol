// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {PoolBaseTest} from "./PoolBaseTest.sol";

/// @notice One full life per pool: deposit, borrow, repay; borrow, crash, liquidate, buy, claim.
contract PoolSmokeTest is PoolBaseTest {
    function test_smoke_wethPool() public {
        _deposit(wethPool, lender, 100 ether);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(1, 4 ether);
        assertEq(nft.ownerOf(1), address(core));
        skip(10 days);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
        assertGt(wethPool.totalAssets(), 100 ether, "interest earned");

        _setFloor(FLOOR); // ten days later the floor is stale: feeders report again
        (loanId, loan) = _borrow(2, 4 ether);
        _makeUnhealthy(wethPool, loanId, loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        assertEq(nft.ownerOf(2), address(wethPool));
        skip(12 hours);
        _buy(wethPool, loanId, auction, buyer);
        assertEq(nft.ownerOf(2), buyer);
    }

    function test_smoke_usdPool() public {
        _deposit(usdPool, lender, 100_000e6);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(usdPool, borrower, 1, 10_000e6);
        skip(10 days);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertGt(usdPool.totalAssets(), 100_000e6, "interest earned");
    }
}
