// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";
import {console} from "forge-std/console.sol";

/// @notice Execution gas of the pool's operations in a warm state (the pool in use: deposits, a live loan,
/// a live auction, every party with balances), written to snapshots/pool.json. Before each measured
/// call every contract's storage is cooled (`vm.cool`), as at the start of a real transaction. The log
/// shows what the user pays: execution + 21,000 intrinsic + calldata (16 gas per non-zero byte, 4 per
/// zero byte), before refunds.
contract PoolGasTest is PoolBaseTest {
    uint256 internal otherLoanId;
    ILoanTypes.Loan internal otherLoan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        _deposit(wethPool, lender2, 50 ether);
        // A repaid loan, a live loan and a sold auction before: the pool (reserves too), the core, the
        // treasury and the parties are not fresh.
        (uint256 repaidId, ILoanTypes.Loan memory repaid) = _borrow(wethPool, borrower2, 8, 2 ether);
        skip(1 days);
        vm.prank(borrower2);
        core.repay(repaidId, repaid);
        _setFloor(FLOOR);
        (otherLoanId, otherLoan) = _borrow(wethPool, borrower2, 6, 3 ether);
        (uint256 soldId, ILoanTypes.Loan memory sold) = _borrow(wethPool, borrower2, 7, 4 ether);
        (uint256 liveId, ILoanTypes.Loan memory live) = _borrow(wethPool, borrower2, 9, 4 ether);
        _setFloor(5 ether);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, soldId, sold);
        // A live auction stays: the pool already holds a token of the collection.
        _startLiquidation(wethPool, liveId, live);
        skip(20 hours);
        _buy(wethPool, soldId, auction, buyer);
        _setFloor(FLOOR);
        vm.prank(borrower);
        nft.transferFrom(borrower, buyer, 5); // the buyer already holds a token of the collection
        skip(1 days);
        _setFloor(FLOOR);
    }

    function _cool() internal {
        address[8] memory targets = [
            address(core),
            core.extension(),
            address(wethPool),
            wethPool.extension(),
            address(oracle),
            address(weth),
            address(nft),
            address(ethUsd)
        ];
        for (uint256 i; i < targets.length; ++i) {
            vm.cool(targets[i]);
        }
    }

    /// @dev Logs execution, the user-paid estimate (execution + 21,000 + calldata) and that estimate after
    /// the transaction's storage refunds (capped at a fifth of the gas used, EIP-3529), which is what a
    /// receipt's gasUsed would show.
    function _report(string memory name, bytes memory callData) internal {
        int64 refunded = vm.lastCallGas().gasRefunded;
        uint256 execution = vm.snapshotGasLastCall("pool", name);
        uint256 calldataGas;
        for (uint256 i; i < callData.length; ++i) {
            calldataGas += callData[i] == 0 ? 4 : 16;
        }
        uint256 userPaid = execution + 21_000 + calldataGas;
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 refund = refunded > 0 ? uint256(uint64(refunded)) : 0;
        if (refund > userPaid / 5) refund = userPaid / 5;
        console.log(name);
        console.log("  execution", execution);
        console.log("  user-paid estimate", userPaid);
        console.log("  after refunds", userPaid - refund);
    }

    function _measuredBorrow() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 3 ether);
        _cool();
        vm.recordLogs();
        vm.prank(borrower);
        loanId = core.borrowFrom(address(wethPool), terms, "");
        _report("borrow", abi.encodeCall(core.borrowFrom, (address(wethPool), terms, "")));
        loan = _lastLoan();
    }

    function test_gas_deposit() public {
        _cool();
        vm.prank(lender);
        wethPool.deposit(10 ether, lender);
        _report("deposit", abi.encodeCall(wethPool.deposit, (10 ether, lender)));
    }

    function test_gas_borrow() public {
        _measuredBorrow();
    }

    function test_gas_repayFull() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _measuredBorrow();
        skip(10 days);
        _cool();
        vm.prank(borrower);
        core.repay(loanId, loan);
        _report("repay.full", abi.encodeCall(core.repay, (loanId, loan)));
    }

    function test_gas_liquidationStartAndBuy() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _measuredBorrow();
        _setFloor(4 ether);
        _cool();
        vm.prank(keeper);
        ILendingPoolTypes.Auction memory auction = wethPool.startLiquidation(loanId, loan);
        _report("liquidation.start", abi.encodeCall(wethPool.startLiquidation, (loanId, loan)));

        skip(16 hours);
        _cool();
        vm.prank(buyer);
        wethPool.buy(loanId, auction, type(uint256).max, buyer);
        _report("auction.buy", abi.encodeCall(wethPool.buy, (loanId, auction, type(uint256).max, buyer)));
    }
}
