// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {LoanFixtures} from "./LoanFixtures.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice fillRequestWithEth: lend ETH against a borrower's WETH request.
contract FillRequestWithEthTest is WethGatewayBaseTest {
    address internal ethLender = makeAddr("ethLender");

    function setUp() public override {
        super.setUp();
        // fillRequest escrows straight from the request's borrower: the core, not the gateway, is approved.
        vm.prank(borrower);
        nft.setApprovalForAll(address(core), true);
        vm.deal(ethLender, 100 ether);
    }

    function _fill(ILoanCore.BorrowRequest memory request, uint256 principal, uint32 aprBps)
        internal
        returns (uint256 loanId)
    {
        bytes memory signature = _signRequest(request);
        vm.prank(ethLender);
        loanId = gateway.fillRequestWithEth{value: principal}(request, signature, aprBps);
    }

    function test_fillRequestWithEth_borrowerGetsWethAndLenderNoteGoesToCaller() public {
        uint256 loanId = _fill(_request(), PRINCIPAL, APR_BPS);

        assertEq(weth.balanceOf(borrower), PRINCIPAL, "borrower WETH");
        assertEq(ethLender.balance, 100 ether - PRINCIPAL, "lender ETH");
        IERC721 notes = IERC721(address(core));
        assertEq(notes.ownerOf(core.lenderNoteId(loanId)), ethLender, "lender note");
        assertEq(notes.ownerOf(core.borrowerNoteId(loanId)), borrower, "borrower note");
        assertEq(nft.ownerOf(TOKEN_ID), address(core), "escrowed");
        _assertGatewayEmpty();
    }

    function test_fillRequestWithEth_emitsLoanStartedWithCallerAsLender() public {
        ILoanCore.BorrowRequest memory request = _request();
        ILoanCore.Loan memory expected =
            LoanFixtures.loanFromRequest(request, PRINCIPAL, APR_BPS - 100, FEE_BPS);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanStarted(1, ethLender, borrower, expected);
        uint256 loanId = _fill(request, PRINCIPAL, APR_BPS - 100);

        assertEq(core.loanHash(loanId), keccak256(abi.encode(expected)));
    }

    function test_fillRequestWithEth_revertsOnNonWethCurrency() public {
        ILoanCore.BorrowRequest memory request = _request();
        request.currency = address(otherToken);
        bytes memory signature = _signRequest(request);

        vm.prank(ethLender);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.NotWethCurrency.selector, address(otherToken)));
        gateway.fillRequestWithEth{value: PRINCIPAL}(request, signature, APR_BPS);
    }

    function test_fillRequestWithEth_zeroValueRevertsInCore() public {
        ILoanCore.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(request);

        vm.prank(ethLender);
        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        gateway.fillRequestWithEth(request, signature, APR_BPS);
    }

    function test_fillRequestWithEth_bubblesCoreErrors() public {
        ILoanCore.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(request);

        vm.prank(ethLender);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, APR_BPS + 1, APR_BPS));
        gateway.fillRequestWithEth{value: PRINCIPAL}(request, signature, APR_BPS + 1);

        assertEq(ethLender.balance, 100 ether, "ETH back");
    }

    function test_fillRequestWithEth_requestFillsOnce() public {
        ILoanCore.BorrowRequest memory request = _request();
        _fill(request, PRINCIPAL, APR_BPS);
        bytes memory signature = _signRequest(request);

        vm.prank(ethLender);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.RequestAlreadyUsed.selector, core.hashRequest(request))
        );
        gateway.fillRequestWithEth{value: PRINCIPAL}(request, signature, APR_BPS);
    }

    function testFuzz_fillRequestWithEth_lendsExactlyValue(uint256 principal, uint32 aprBps) public {
        principal = bound(principal, 1 ether, 100 ether);
        aprBps = uint32(bound(aprBps, 0, APR_BPS));

        uint256 loanId = _fill(_request(), principal, aprBps);

        assertEq(weth.balanceOf(borrower), principal, "borrower WETH");
        assertEq(ethLender.balance, 100 ether - principal, "lender ETH");
        assertEq(IERC721(address(core)).ownerOf(core.lenderNoteId(loanId)), ethLender, "lender note");
        _assertGatewayEmpty();
    }
}
