// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice Helpers shared by the pool's incident-class tests: a snapshot of everything a depositor or a
/// borrower is priced at, single feeder reports, and the newest loan state after a partial payment.
abstract contract PoolIncidentBase is PoolBaseTest {
    bytes32[] internal noProof;

    /// @dev What the pool's depositors and borrowers are priced at (collateral values: the oracle's
    /// borrow and liquidation prices, which a WETH pool uses 1:1).
    struct Marks {
        uint256 totalAssets;
        uint256 totalSupply;
        uint256 sharePrice;
        uint256 maxWithdraw;
        uint256 borrowValue;
        uint256 liquidationValue;
        uint256 maxBorrow;
        uint256 healthFactor;
        ILendingPoolTypes.Totals totals;
    }

    function _marks(
        LendingPool pool,
        address depositor,
        uint256 loanId,
        ILoanTypes.Loan memory loan,
        uint256 freeToken
    ) internal view returns (Marks memory m) {
        m.totalAssets = pool.totalAssets();
        m.totalSupply = pool.totalSupply();
        m.sharePrice = pool.convertToAssets(10 ** pool.decimals());
        m.maxWithdraw = pool.maxWithdraw(depositor);
        m.borrowValue = oracle.borrowPrice(address(nft));
        m.liquidationValue = oracle.liquidationPrice(address(nft));
        m.maxBorrow = pool.maxBorrow(address(nft), freeToken, BPS, noProof);
        m.healthFactor = pool.healthFactor(loanId, loan);
        m.totals = pool.totals();
    }

    function _assertSameMarks(Marks memory a, Marks memory b) internal pure {
        assertEq(a.totalAssets, b.totalAssets, "totalAssets");
        assertEq(a.totalSupply, b.totalSupply, "totalSupply");
        assertEq(a.sharePrice, b.sharePrice, "share price");
        assertEq(a.maxWithdraw, b.maxWithdraw, "maxWithdraw");
        assertEq(a.borrowValue, b.borrowValue, "borrow value");
        assertEq(a.liquidationValue, b.liquidationValue, "liquidation value");
        assertEq(a.maxBorrow, b.maxBorrow, "maxBorrow");
        assertEq(a.healthFactor, b.healthFactor, "health factor");
        assertEq(a.totals.cash, b.totals.cash, "cash");
        assertEq(a.totals.lent, b.totals.lent, "lent");
        assertEq(a.totals.badDebt, b.totals.badDebt, "bad debt");
    }

    /// @dev `feeders[index]` reports `price` for the demo collection.
    function _report(uint256 index, uint256 price) internal {
        vm.prank(feeders[index]);
        oracle.submit(address(nft), price);
    }

    /// @dev The borrower pays `amount` toward the loan; returns its new state (from LoanUpdated).
    function _repayPartial(address payer, uint256 loanId, ILoanTypes.Loan memory loan, uint256 amount)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(payer);
        core.repayPartial(loanId, loan, amount);
        return _lastLoan();
    }

    /// @dev The loan's health factor is below 1 (reads the pool's view).
    function _assertUnhealthy(LendingPool pool, uint256 loanId, ILoanTypes.Loan memory loan) internal view {
        assertLt(pool.healthFactor(loanId, loan), WAD, "unhealthy");
    }
}
