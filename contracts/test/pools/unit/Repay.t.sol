// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice Repayment at the core (`repay`, `repayPartial`, `refinance` away) and the pool's books through
/// `onLoanRepaid`: cash, reserves, interest aggregates, exposure; never blocked by the oracle.
contract PoolRepayTest is PoolBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        (loanId, loan) = _borrow(1, 4 ether);
    }

    function test_repay_full_booksCashAndReserves() public {
        skip(10 days);
        uint256 interest = _interestOn(4 ether, loan.aprBps, 10 days);
        uint256 net = interest - _feeOn(interest, FEE_BPS);
        uint256 toReserves = net * RESERVE_FACTOR_BPS / BPS;
        uint256 assetsBefore = wethPool.totalAssets();

        vm.prank(borrower);
        core.repay(loanId, loan);

        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(t.cash, 96 ether + 4 ether + net - toReserves, "cash");
        assertEq(t.reserves, toReserves, "reserves");
        assertEq(t.lent, 0);
        assertEq(t.interest, 0);
        assertEq(wethPool.totalAssets(), 100 ether + net - toReserves);
        assertGe(wethPool.totalAssets(), assetsBefore, "the accrued value was not overstated");
        assertEq(wethPool.loanRecord(loanId).principal, 0, "record gone");
        assertEq(wethPool.collectionState(address(nft)).exposure, 0);
        assertEq(weth.balanceOf(address(wethPool)), t.cash + t.reserves, "balance = cash + reserves");
    }

    function test_accrual_valueIsTheDepositorsShareRoundedDown() public {
        skip(10 days);
        uint256 interest = _interestOn(4 ether, loan.aprBps, 10 days);
        uint256 share = interest * (BPS - FEE_BPS) * (BPS - RESERVE_FACTOR_BPS) / (BPS * BPS);
        uint256 accrued = wethPool.totals().interest;
        assertLe(accrued, share);
        assertApproxEqAbs(accrued, share, 2);
    }

    function test_repayPartial_belowInterestCarriesTheRest() public {
        skip(10 days);
        uint256 interest = _interestOn(4 ether, loan.aprBps, 10 days);
        (uint256 assets, uint256 shares) = _sharePrice(wethPool);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, interest / 2);
        loan = _lastLoan();
        assertEq(wethPool.carriedInterest(loanId), interest - interest / 2);
        assertEq(wethPool.loanRecord(loanId).flags & 1, 1, "carried flag");
        _assertSharePriceNotBelow(wethPool, assets, shares, "partial below interest");

        skip(5 days);
        (assets, shares) = _sharePrice(wethPool);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertSharePriceNotBelow(wethPool, assets, shares, "full after carried");
        assertEq(wethPool.carriedInterest(loanId), 0);
        assertEq(wethPool.totals().interest, 0);
    }

    function test_repayPartial_restoresHealth() public {
        _setFloor(6.5 ether);
        uint256 hf = wethPool.healthFactor(loanId, loan);
        assertLt(hf, WAD, "unhealthy");
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 2 ether);
        loan = _lastLoan();
        assertGt(wethPool.healthFactor(loanId, loan), WAD, "healthy again");
        assertEq(wethPool.loanRecord(loanId).principal, loan.principal);
        assertEq(wethPool.collectionState(address(nft)).exposure, loan.principal);
        vm.expectRevert();
        vm.prank(keeper);
        wethPool.startLiquidation(loanId, loan);
    }

    function test_refinance_awayClosesTheLoanInThePool() public {
        skip(5 days);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 4 ether;
        offer.maxPrincipal = 4 ether;
        bytes memory signature = _signOffer(lenderKey, offer);
        uint256 assetsBefore = wethPool.totalAssets();
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 4 ether, new bytes32[](0));
        assertEq(_lenderOf(loanId), lender);
        assertEq(wethPool.loanRecord(loanId).principal, 0);
        assertEq(wethPool.totals().lent, 0);
        assertGe(wethPool.totalAssets(), assetsBefore);
    }

    function test_repay_worksWhileTheOracleIsStaleOrPaused() public {
        vm.prank(owner);
        oracle.setPaused(address(nft), true);
        skip(60 days); // stale too, and past the loan's duration
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_repay_worksWhileBorrowingIsDisabled() public {
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_repay_ofALenderNoteSentToThePoolGoesToReserves() public {
        // A P2P Managed loan cannot exist without a pool; a note transferred in is the only way: the
        // pool never transfers its notes, so simulate the core reporting an unknown loan.
        uint256 assetsBefore = wethPool.totalAssets();
        vm.prank(address(core));
        wethPool.onLoanRepaid(999, 1 ether, 0, 0);
        assertEq(wethPool.totals().reserves, 1 ether);
        assertEq(wethPool.totalAssets(), assetsBefore);
    }

    function testFuzz_repay_sharePriceNeverFalls(uint256 elapsed, uint256 amount, uint256 elapsed2) public {
        elapsed = bound(elapsed, 0, 60 days);
        skip(elapsed);
        uint256 debt = _debt(loan);
        amount = bound(amount, 1, debt);
        (uint256 assets, uint256 shares) = _sharePrice(wethPool);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, amount);
        _assertSharePriceNotBelow(wethPool, assets, shares, "partial");
        if (amount == debt) return;
        loan = _lastLoan();
        skip(bound(elapsed2, 0, 60 days));
        (assets, shares) = _sharePrice(wethPool);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertSharePriceNotBelow(wethPool, assets, shares, "full");
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(t.lent, 0);
        assertEq(t.interest, 0, "nothing left accrued");
        assertEq(weth.balanceOf(address(wethPool)), t.cash + t.reserves);
    }
}
