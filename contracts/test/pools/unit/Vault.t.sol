// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice ERC-4626 entry points: deposit, mint, withdraw, redeem, their limits in a liquidity crunch,
/// and the donation / first-depositor inflation attack, for the 18-decimal and the 6-decimal pool.
contract PoolVaultTest is PoolBaseTest {
    function _pools() internal view returns (LendingPool[2] memory) {
        return [wethPool, usdPool];
    }

    function test_deposit_mintsSharesAndCountsCash() public {
        for (uint256 i; i < 2; ++i) {
            LendingPool pool = _pools()[i];
            uint256 amount = 100 * _unit(pool);
            uint256 shares = _deposit(pool, lender, amount);
            assertEq(shares, amount * 1e6, "6 extra decimals of virtual shares");
            assertEq(pool.balanceOf(lender), shares);
            assertEq(pool.totalAssets(), amount);
            assertEq(pool.totals().cash, amount);
            assertEq(pool.decimals(), (pool == usdPool ? 6 : 18) + 6);
        }
    }

    function test_deposit_revertsForZeroShares() public {
        vm.expectRevert(
            // forge-lint: disable-next-line(unsafe-typecast)
            abi.encodeWithSelector(ILendingPoolTypes.InvalidParameter.selector, bytes32("shares"), 0)
        );
        vm.prank(lender);
        wethPool.deposit(0, lender);
    }

    function test_mint_pullsAssetsRoundedUp() public {
        _deposit(wethPool, lender, 10 ether);
        uint256 before = weth.balanceOf(lender2);
        vm.prank(lender2);
        uint256 assets = wethPool.mint(5e24, lender2);
        assertEq(assets, 5 ether);
        assertEq(before - weth.balanceOf(lender2), assets);
        assertEq(wethPool.balanceOf(lender2), 5e24);
    }

    function test_withdraw_andRedeem_returnAssets() public {
        _deposit(usdPool, lender, 1000e6);
        vm.prank(lender);
        usdPool.withdraw(400e6, lender, lender);
        assertEq(usdPool.totalAssets(), 600e6);
        uint256 shares = usdPool.balanceOf(lender);
        vm.prank(lender);
        uint256 assets = usdPool.redeem(shares, lender, lender);
        assertEq(assets, 600e6);
        assertEq(usdPool.totalSupply(), 0);
    }

    function test_withdraw_inACrunchIsLimitedToCash() public {
        _deposit(wethPool, lender, 10 ether);
        _borrow(1, 4 ether);
        assertEq(wethPool.maxWithdraw(lender), 6 ether, "cash on hand");
        assertEq(wethPool.convertToAssets(wethPool.maxRedeem(lender)), 6 ether, "shares covered by cash");
        vm.expectRevert(
            abi.encodeWithSelector(ILendingPoolTypes.InsufficientLiquidity.selector, 7 ether, 6 ether)
        );
        vm.prank(lender);
        wethPool.withdraw(7 ether, lender, lender);
        uint256 shares = wethPool.balanceOf(lender);
        vm.expectRevert();
        vm.prank(lender);
        wethPool.redeem(shares, lender, lender);
        vm.prank(lender);
        wethPool.withdraw(6 ether, lender, lender);
        assertEq(wethPool.maxWithdraw(lender), 0);
    }

    function test_crunch_utilizationRaisesTheQuote() public {
        _deposit(wethPool, lender, 10 ether);
        uint256 calm = wethPool.quote(1 ether);
        _borrow(1, 4 ether);
        _borrow(2, 4 ether);
        assertEq(wethPool.utilization(), 8000);
        assertGt(wethPool.quote(1 ether), calm);
        assertEq(wethPool.borrowRate(), 2000, "20% at the kink");
        assertGt(wethPool.supplyRate(), 0);
    }

    function test_inflationAttack_donationDoesNotMoveTheSharePrice() public {
        // The attacker deposits 1 wei and donates a lot: totalAssets ignores the balance.
        vm.startPrank(attacker);
        vm.deal(attacker, 101 ether);
        weth.deposit{value: 101 ether}();
        weth.approve(address(wethPool), type(uint256).max);
        wethPool.deposit(1, attacker);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        weth.transfer(address(wethPool), 100 ether);
        vm.stopPrank();
        assertEq(wethPool.totalAssets(), 1, "donation not counted");

        uint256 shares = _deposit(wethPool, lender, 1 ether);
        assertEq(shares, 1e24, "victim gets full shares");
        assertEq(wethPool.convertToAssets(shares), 1 ether, "and keeps its assets");
        uint256 attackerShares = wethPool.balanceOf(attacker);
        vm.prank(attacker);
        uint256 back = wethPool.redeem(attackerShares, attacker, attacker);
        assertLe(back, 1, "attacker recovers at most its wei");
    }

    function test_maxDeposit_stopsAtTheAssetCap() public {
        assertEq(wethPool.maxDeposit(lender), wethPool.MAX_TOTAL_ASSETS());
        _deposit(wethPool, lender, 1 ether);
        assertEq(wethPool.maxDeposit(lender), wethPool.MAX_TOTAL_ASSETS() - 1 ether);
    }

    function test_deposit_afterInterestGetsFewerShares() public {
        _deposit(wethPool, lender, 10 ether);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(1, 4 ether);
        skip(30 days);
        vm.prank(borrower);
        core.repay(loanId, loan);
        uint256 shares = _deposit(wethPool, lender2, 10 ether);
        assertLt(shares, 10e24, "shares cost more after interest");
        assertApproxEqAbs(wethPool.convertToAssets(shares), 10 ether, 1);
    }
}
