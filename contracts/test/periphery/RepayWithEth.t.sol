// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {EthRejecter} from "./EthRejecter.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice repayWithEth: repay a WETH loan in full with ETH, excess refunded.
contract RepayWithEthTest is WethGatewayBaseTest {
    uint256 internal loanId;
    ILoanCore.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _borrowWithEth();
        skip(10 days);
    }

    function test_repayWithEth_exactDebtClosesLoan() public {
        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);
        uint256 fee = interest * FEE_BPS / 10_000;
        uint256 lenderWethBefore = weth.balanceOf(lender);
        vm.deal(borrower, debt);

        vm.prank(borrower);
        gateway.repayWithEth{value: debt}(loanId, loan);

        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT back");
        assertEq(core.loanHash(loanId), bytes32(0), "loan closed");
        assertEq(weth.balanceOf(lender), lenderWethBefore + debt - fee, "lender paid");
        assertEq(weth.balanceOf(treasury), fee, "fee");
        assertEq(borrower.balance, 0, "borrower ETH");
        _assertGatewayEmpty();
    }

    function test_repayWithEth_refundsExcessEth() public {
        uint256 debt = _debtNow(loan);
        vm.deal(payer, debt + 1 ether);

        vm.prank(payer);
        gateway.repayWithEth{value: debt + 1 ether}(loanId, loan);

        assertEq(payer.balance, 1 ether, "refund");
        assertEq(weth.balanceOf(payer), 0, "refund is ETH, not WETH");
        _assertGatewayEmpty();
    }

    function test_repayWithEth_thirdPartyPaysNftGoesToBorrower() public {
        uint256 debt = _debtNow(loan);
        vm.deal(payer, debt);

        vm.prank(payer);
        gateway.repayWithEth{value: debt}(loanId, loan);

        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT to the borrower-note holder");
        assertEq(payer.balance, 0, "payer spent the debt");
    }

    function test_repayWithEth_nftGoesToCurrentBorrowerNoteHolder() public {
        address buyer = makeAddr("noteBuyer");
        uint256 borrowerNoteId = core.borrowerNoteId(loanId);
        vm.prank(borrower);
        IERC721(address(core)).transferFrom(borrower, buyer, borrowerNoteId);
        uint256 debt = _debtNow(loan);
        vm.deal(borrower, debt);

        vm.prank(borrower);
        gateway.repayWithEth{value: debt}(loanId, loan);

        assertEq(nft.ownerOf(TOKEN_ID), buyer);
    }

    function test_repayWithEth_revokesDelegation() public {
        ILoanCore.LoanOffer memory offer = _offer1155();
        (uint256 delegatedLoanId, ILoanCore.Loan memory delegatedLoan) =
            _borrowWithEth(offer, PRINCIPAL, delegate);
        uint256 debt = _debtNow(delegatedLoan);
        vm.deal(payer, debt);

        vm.prank(payer);
        gateway.repayWithEth{value: debt}(delegatedLoanId, delegatedLoan);

        assertEq(
            registry.checkDelegateForERC1155(delegate, address(core), address(multiToken), TOKEN_ID, ""), 0
        );
        assertEq(multiToken.balanceOf(borrower, TOKEN_ID), ERC1155_AMOUNT, "ERC-1155 back");
        _assertGatewayEmpty();
    }

    function test_repayWithEth_revertsOnNonWethLoan() public {
        ILoanCore.Loan memory other = loan;
        other.currency = address(otherToken);
        vm.deal(payer, 20 ether);

        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.NotWethCurrency.selector, address(otherToken)));
        gateway.repayWithEth{value: 20 ether}(loanId, other);
    }

    function test_repayWithEth_revertsWhenEthBelowDebt() public {
        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);
        uint256 fee = interest * FEE_BPS / 10_000;
        vm.deal(payer, 1 ether);

        // The first payment (to the lender) is the one that fails.
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.PaymentFailed.selector, address(weth), address(gateway), debt - fee
            )
        );
        gateway.repayWithEth{value: 1 ether}(loanId, loan);
    }

    function test_repayWithEth_revertsOnStaleLoan() public {
        ILoanCore.Loan memory stale = loan;
        ++stale.principal;
        vm.deal(payer, 20 ether);

        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                keccak256(abi.encode(loan)),
                keccak256(abi.encode(stale))
            )
        );
        gateway.repayWithEth{value: 20 ether}(loanId, stale);
    }

    function test_repayWithEth_revertsWhenRefundRejected() public {
        EthRejecter wallet = new EthRejecter();
        uint256 debt = _debtNow(loan);

        vm.expectRevert(abi.encodeWithSelector(IWethGateway.EthTransferFailed.selector, address(wallet), 1));
        wallet.execute{value: debt + 1}(
            address(gateway), abi.encodeCall(gateway.repayWithEth, (loanId, loan))
        );
    }

    /// @dev A contract that cannot take ETH back can still repay the exact debt.
    function test_repayWithEth_exactDebtNeedsNoRefund() public {
        EthRejecter wallet = new EthRejecter();
        uint256 debt = _debtNow(loan);

        wallet.execute{value: debt}(address(gateway), abi.encodeCall(gateway.repayWithEth, (loanId, loan)));

        assertEq(nft.ownerOf(TOKEN_ID), borrower);
        _assertGatewayEmpty();
    }

    function testFuzz_repayWithEth_refundsExactlyTheExcess(uint256 elapsed, uint256 excess) public {
        elapsed = bound(elapsed, 0, 365 days);
        excess = bound(excess, 0, 1000 ether);
        skip(elapsed);
        uint256 debt = _debtNow(loan);
        vm.deal(payer, debt + excess);

        vm.prank(payer);
        gateway.repayWithEth{value: debt + excess}(loanId, loan);

        assertEq(payer.balance, excess, "refund");
        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT back");
        _assertGatewayEmpty();
    }
}
