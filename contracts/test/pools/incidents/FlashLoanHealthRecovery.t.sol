// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolIncidentBase} from "./PoolIncidentBase.sol";
import {FlashRecoveryAttacker} from "./mocks/FlashRecoveryAttacker.sol";
import {MockFlashLender} from "./mocks/MockFlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Incident class: a flash loan to fake a health recovery. ParaSpace (Code4rena, Nov 2022): a
/// borrower could flash-borrow, lift its health factor above the auction-recovery threshold for one
/// transaction to cancel its liquidation auction, and repay the flash loan in the same transaction.
/// Here: borrowed money that must leave in the same transaction restores nothing. A deposit into the
/// pool moves no loan's health factor or collateral value; a partial repayment does restore health, but
/// the value cannot be pulled back out (re-borrowing against the escrowed NFT or withdrawing shares
/// deposited in the same transaction fails to cover the flash loan), so the whole transaction reverts
/// and the keeper liquidates. The only way to block the liquidation is a real repayment.
contract FlashLoanHealthRecoveryTest is PoolIncidentBase {
    MockFlashLender internal flash;
    FlashRecoveryAttacker internal attackerContract;
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 200 ether);
        _deposit(wethPool, lender2, 100 ether);
        (loanId, loan) = _borrow(1, 4 ether);
        _makeUnhealthy(wethPool, loanId, loan);
        flash = new MockFlashLender(IERC20(address(weth)));
        attackerContract = new FlashRecoveryAttacker(_asCore(), wethPool, IERC20(address(weth)), flash);
        vm.deal(address(this), 1000 ether);
        weth.deposit{value: 1000 ether}();
        assertTrue(weth.transfer(address(flash), 1000 ether), "flash lender funded");
        vm.prank(borrower);
        assertTrue(weth.transfer(address(attackerContract), 0.01 ether), "attacker's own dust");
        // The borrower makes the contract an operator of its borrower note (partial repayments).
        vm.prank(borrower);
        core.setApprovalForAll(address(attackerContract), true);
    }

    function test_sameTxDepositMovesNoHealthFactor() public {
        uint256 hf = wethPool.healthFactor(loanId, loan);
        uint256 value = oracle.borrowPrice(address(nft));
        attackerContract.attack(loanId, loan, FlashRecoveryAttacker.Plan.DepositAndWithdraw, 500 ether);
        assertEq(attackerContract.hfBefore(), hf, "before");
        assertEq(attackerContract.hfInside(), hf, "a 500 WETH deposit moves no health factor");
        assertEq(attackerContract.borrowValueInside(), value, "nor the collateral value");
        assertLt(hf, WAD, "still unhealthy");
        _startLiquidation(wethPool, loanId, loan);
        assertEq(nft.ownerOf(1), address(wethPool), "liquidated");
    }

    function test_flashRepayThenReborrowReverts() public {
        bytes32 hashBefore = core.loanHash(loanId);
        // Short by the 2 WETH repaid, less the contract's own 0.01 WETH.
        vm.expectRevert(
            abi.encodeWithSelector(MockFlashLender.FlashNotRepaid.selector, 1000 ether, 998.01 ether)
        );
        attackerContract.attack(loanId, loan, FlashRecoveryAttacker.Plan.RepayThenReborrow, 2 ether);
        assertEq(core.loanHash(loanId), hashBefore, "loan untouched");
        _assertUnhealthy(wethPool, loanId, loan);
        _startLiquidation(wethPool, loanId, loan);
    }

    function test_flashRepayThenWithdrawSharesReverts() public {
        // Short by the 2 WETH repaid, less the contract's own dust (and a wei of share rounding).
        vm.expectPartialRevert(MockFlashLender.FlashNotRepaid.selector);
        attackerContract.attack(loanId, loan, FlashRecoveryAttacker.Plan.RepayThenWithdrawShares, 4 ether);
        _assertUnhealthy(wethPool, loanId, loan);
        _startLiquidation(wethPool, loanId, loan);
    }

    /// @dev The one thing that works: the borrower's own money. It stays in the pool.
    function test_onlyRealRepaymentRestoresHealth() public {
        uint256 cashBefore = wethPool.totals().cash;
        uint256 balanceBefore = weth.balanceOf(borrower);
        ILoanTypes.Loan memory repaid = _repayPartial(borrower, loanId, loan, 2 ether);
        assertGe(wethPool.healthFactor(loanId, repaid), WAD, "healthy after a real repayment");
        assertEq(weth.balanceOf(borrower), balanceBefore - 2 ether, "paid from the borrower's own funds");
        assertGt(wethPool.totals().cash, cashBefore, "the repayment is in the pool");
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHealthy.selector);
        wethPool.startLiquidation(loanId, repaid);
    }

    /// @dev A dust payment changes the loan's hash but not its health: the keeper's call with the old
    /// state fails, the call with the state from `LoanUpdated` liquidates (a one-block grief that costs
    /// the borrower a payment).
    function test_dustPaymentOnlyDelaysKeeperByOneCall() public {
        ILoanTypes.Loan memory dusted = _repayPartial(borrower, loanId, loan, 1);
        _assertUnhealthy(wethPool, loanId, dusted);
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHashMismatch.selector);
        wethPool.startLiquidation(loanId, loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, dusted);
        assertEq(auction.debt, _debt(dusted), "auction at the debt after the dust");
    }
}
