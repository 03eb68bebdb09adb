// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice repayPartialWithEth: pay part of a WETH loan with ETH.
contract RepayPartialWithEthTest is WethGatewayBaseTest {
    uint256 internal loanId;
    ILoanCore.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _borrowWithEth();
        // The core takes partial payments only from the borrower or an operator it approved.
        vm.prank(borrower);
        IERC721(address(core)).setApprovalForAll(address(gateway), true);
        skip(10 days);
    }

    function test_repayPartialWithEth_revertsForAnyoneButTheBorrower() public {
        vm.deal(payer, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.NotBorrower.selector, payer, borrower));
        vm.prank(payer);
        gateway.repayPartialWithEth{value: 1 ether}(loanId, loan, 1 ether);
    }

    function test_repayPartialWithEth_revertsWithoutTheBorrowersApproval() public {
        vm.prank(borrower);
        IERC721(address(core)).setApprovalForAll(address(gateway), false);
        vm.deal(borrower, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, address(gateway)));
        vm.prank(borrower);
        gateway.repayPartialWithEth{value: 1 ether}(loanId, loan, 1 ether);
    }

    function test_repayPartialWithEth_paysInterestThenPrincipal() public {
        (uint256 interest,) = core.debtAt(loan, block.timestamp);
        uint256 amount = interest + 1 ether;
        uint256 lenderWethBefore = weth.balanceOf(lender);
        vm.deal(borrower, amount);

        vm.prank(borrower);
        gateway.repayPartialWithEth{value: amount}(loanId, loan, amount);

        ILoanCore.Loan memory updated = loan;
        updated.principal = PRINCIPAL - 1 ether;
        updated.accrualStart = uint40(block.timestamp);
        assertEq(core.loanHash(loanId), keccak256(abi.encode(updated)), "updated loan");
        uint256 fee = interest * FEE_BPS / 10_000;
        assertEq(weth.balanceOf(lender), lenderWethBefore + amount - fee, "lender paid");
        assertEq(nft.ownerOf(TOKEN_ID), address(core), "still escrowed");
        _assertGatewayEmpty();
    }

    function test_repayPartialWithEth_refundsExcessEth() public {
        vm.deal(borrower, 3 ether);

        vm.prank(borrower);
        gateway.repayPartialWithEth{value: 3 ether}(loanId, loan, 1 ether);

        assertEq(borrower.balance, 2 ether, "refund");
        _assertGatewayEmpty();
    }

    function test_repayPartialWithEth_wholeDebtClosesLoan() public {
        uint256 debt = _debtNow(loan);
        vm.deal(borrower, debt + 1 ether);

        vm.prank(borrower);
        gateway.repayPartialWithEth{value: debt + 1 ether}(loanId, loan, debt);

        assertEq(core.loanHash(loanId), bytes32(0), "closed");
        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT back");
        assertEq(borrower.balance, 1 ether, "refund");
        _assertGatewayEmpty();
    }

    function test_repayPartialWithEth_revertsWhenValueBelowAmount() public {
        vm.deal(borrower, 1 ether);

        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.InsufficientEth.selector, 1 ether, 2 ether));
        gateway.repayPartialWithEth{value: 1 ether}(loanId, loan, 2 ether);
    }

    function test_repayPartialWithEth_revertsOnNonWethLoan() public {
        ILoanCore.Loan memory other = loan;
        other.currency = address(otherToken);
        vm.deal(borrower, 1 ether);

        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.NotWethCurrency.selector, address(otherToken)));
        gateway.repayPartialWithEth{value: 1 ether}(loanId, other, 1 ether);
    }

    function test_repayPartialWithEth_revertsAboveDebt() public {
        uint256 debt = _debtNow(loan);
        vm.deal(borrower, debt + 1);

        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.RepaymentTooLarge.selector, debt + 1, debt));
        gateway.repayPartialWithEth{value: debt + 1}(loanId, loan, debt + 1);
    }

    function test_repayPartialWithEth_zeroAmountRevertsInCore() public {
        vm.deal(borrower, 1 ether);

        vm.prank(borrower);
        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        gateway.repayPartialWithEth{value: 1 ether}(loanId, loan, 0);
    }

    function testFuzz_repayPartialWithEth_spendsExactlyAmount(uint256 amount, uint256 excess) public {
        uint256 debt = _debtNow(loan);
        amount = bound(amount, 1, debt);
        excess = bound(excess, 0, 1000 ether);
        vm.deal(borrower, amount + excess);

        vm.prank(borrower);
        gateway.repayPartialWithEth{value: amount + excess}(loanId, loan, amount);

        assertEq(borrower.balance, excess, "refund");
        assertEq(core.loanHash(loanId) == bytes32(0), amount == debt, "closed only when paid in full");
        _assertGatewayEmpty();
    }
}
