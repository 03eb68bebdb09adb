// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";
import {OwnedWallet} from "./mocks/OwnedWallet.sol";

contract FillRequestTest is UnitBase {
    function test_fillRequest_recordsLoanWithRequestTermsAndLenderApr() public {
        ILoanTypes.BorrowRequest memory request = _request();
        (uint256 loanId, ILoanTypes.Loan memory loan) = _fill(request, 1.5 ether, 1500);

        assertEq(loan.collateral, address(nft), "collateral");
        assertEq(loan.tokenId, 1, "tokenId");
        assertEq(loan.currency, address(weth), "currency");
        assertEq(loan.principal, 1.5 ether, "principal chosen by the lender");
        assertEq(loan.aprBps, 1500, "apr chosen by the lender");
        assertEq(loan.feeBps, FEE_BPS, "feeBps");
        assertEq(loan.duration, request.duration, "duration");
        assertEq(loan.gracePeriod, request.gracePeriod, "gracePeriod");
        assertEq(uint8(loan.defaultMode), uint8(request.defaultMode), "defaultMode");
        assertEq(loan.startTime, block.timestamp, "startTime");
        assertEq(loan.accrualStart, block.timestamp, "accrualStart");
        _assertStored(loanId, loan);
    }

    function test_fillRequest_movesPrincipalFromCallerAndNftFromBorrower() public {
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        (uint256 loanId,) = _fill(_request(), 1 ether, 1000);

        assertEq(nft.ownerOf(1), address(core), "NFT escrowed from the request's borrower");
        assertEq(lenderBefore - weth.balanceOf(lender), 1 ether, "caller paid");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, 1 ether, "borrower received");
        assertEq(_lenderOf(loanId), lender, "lender note to the caller");
        assertEq(_borrowerOf(loanId), borrower, "borrower note to the request's borrower");
    }

    function test_fillRequest_lenderParamReceivesLenderNote() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);
        uint256 payerBefore = weth.balanceOf(lender);
        uint256 noteHolderBefore = weth.balanceOf(lender2);

        vm.prank(lender);
        uint256 loanId = core.fillRequest(request, signature, 1 ether, 1000, lender2);

        assertEq(_lenderOf(loanId), lender2, "lender note to the parameter");
        assertEq(payerBefore - weth.balanceOf(lender), 1 ether, "caller paid");
        assertEq(weth.balanceOf(lender2), noteHolderBefore, "note holder paid nothing");
    }

    function test_fillRequest_aprAtRequestMaxIsAccepted() public {
        (, ILoanTypes.Loan memory loan) = _fill(_request(), 1 ether, 2000);

        assertEq(loan.aprBps, 2000, "apr");
    }

    function test_fillRequest_revertsAprAboveRequestMax() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, 2001, 2000));
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 2001, address(0));
    }

    function test_fillRequest_revertsAprAboveProtocolMax() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.maxAprBps = type(uint32).max;
        bytes memory signature = _signRequest(borrowerKey, request);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, MAX_APR_BPS + 1, MAX_APR_BPS));
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, uint32(MAX_APR_BPS + 1), address(0));
    }

    function test_fillRequest_principalAtMinimumIsAccepted() public {
        (, ILoanTypes.Loan memory loan) = _fill(_request(), 1 ether, 1000);

        assertEq(loan.principal, 1 ether, "principal");
    }

    function test_fillRequest_revertsPrincipalBelowMinimum() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.PrincipalOutOfRange.selector, 1 ether - 1, 1 ether, type(uint256).max
            )
        );
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether - 1, 1000, address(0));
    }

    function test_fillRequest_revertsZeroPrincipal() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.minPrincipal = 0;
        bytes memory signature = _signRequest(borrowerKey, request);

        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        vm.prank(lender);
        core.fillRequest(request, signature, 0, 1000, address(0));
    }

    function test_fillRequest_revertsWhenReused() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.prank(lender);
        uint256 loanId = core.fillRequest(request, signature, 1 ether, 1000, address(0));
        // The loan is repaid, so the NFT is back with the borrower and could be escrowed again.
        ILoanTypes.Loan memory loan = _loanFromRequest(request, 1 ether, 1000);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower, "NFT back");

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.RequestAlreadyUsed.selector, core.hashRequest(request))
        );
        vm.prank(lender2);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_marksRequestUsed() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes32 digest = core.hashRequest(request);
        assertEq(core.offerUsed(digest), 0, "fresh");

        _fill(request, 1 ether, 1000);

        assertEq(core.offerUsed(digest), type(uint256).max, "spent");
    }

    function test_fillRequest_revertsAfterExpiry() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.warp(uint256(request.expiry) + 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.OfferExpired.selector, request.expiry, uint256(request.expiry) + 1
            )
        );
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_revertsWhenNonceCancelled() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.nonce = 4;
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.prank(borrower);
        core.cancelNoncesBelow(5);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NonceCancelled.selector, borrower, 4, 5));
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_revertsWhenNotSignedByBorrower() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes32 digest = core.hashRequest(request);
        bytes memory signature = _sign(attackerKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, borrower, digest));
        vm.prank(attacker);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
        assertEq(nft.ownerOf(1), borrower, "NFT untouched");
    }

    function test_fillRequest_revertsWhenRequestAltered() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);
        request.tokenId = 2;

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, borrower, core.hashRequest(request))
        );
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_revertsHighSSignature() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes32 digest = core.hashRequest(request);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, borrower, digest));
        vm.prank(lender);
        core.fillRequest(request, _signHighS(borrowerKey, digest), 1 ether, 1000, address(0));
    }

    function test_fillRequest_contractWalletBorrower() public {
        (address walletOwner, uint256 walletOwnerKey) = makeAddrAndKey("walletOwner");
        OwnedWallet wallet = new OwnedWallet(walletOwner);
        _mintNft(address(wallet), 9);
        vm.prank(address(wallet));
        nft.setApprovalForAll(address(core), true);
        ILoanTypes.BorrowRequest memory request = _request();
        request.borrower = address(wallet);
        request.tokenId = 9;
        bytes memory signature = _signRequest(walletOwnerKey, request);

        vm.prank(lender);
        uint256 loanId = core.fillRequest(request, signature, 1 ether, 1000, address(0));

        assertEq(_borrowerOf(loanId), address(wallet), "wallet holds the borrower note");
        assertEq(weth.balanceOf(address(wallet)), 1 ether, "wallet received the principal");
        assertEq(nft.ownerOf(9), address(core), "escrowed from the wallet");
    }

    function test_fillRequest_revertsWhenPaused() public {
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.prank(owner);
        core.setPaused(true);

        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_revertsWhenCurrencyNotAllowed() public {
        vm.prank(owner);
        core.setCurrencyAllowed(address(usd), false);
        ILoanTypes.BorrowRequest memory request = _request();
        request.currency = address(usd);
        bytes memory signature = _signRequest(borrowerKey, request);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(usd)));
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_fillRequest_erc1155Collateral() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.collateral = address(items);
        request.collateralAmount = 4;

        (uint256 loanId, ILoanTypes.Loan memory loan) = _fill(request, 1 ether, 1000);

        assertEq(items.balanceOf(address(core), 1), 4, "escrowed");
        assertEq(loan.collateralAmount, 4, "amount");
        _assertStored(loanId, loan);
    }

    function test_fillRequest_lenderMayLendMoreThanTheMinimum() public {
        // BorrowRequest has no maximum principal: the lender decides how much above the minimum to lend.
        uint256 borrowerBefore = weth.balanceOf(borrower);

        (, ILoanTypes.Loan memory loan) = _fill(_request(), 5 ether, 2000);

        assertEq(loan.principal, 5 ether, "principal");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, 5 ether, "borrower received it all");
    }

    function testFuzz_fillRequest_principalAndAprBounds(uint256 principal, uint32 aprBps) public {
        principal = bound(principal, 0, 10 ether);
        ILoanTypes.BorrowRequest memory request = _request();
        bytes memory signature = _signRequest(borrowerKey, request);

        bool ok = principal >= request.minPrincipal && aprBps <= request.maxAprBps;
        if (principal == 0) {
            vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        } else if (principal < request.minPrincipal) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILoanTypes.PrincipalOutOfRange.selector,
                    principal,
                    request.minPrincipal,
                    type(uint256).max
                )
            );
        } else if (aprBps > request.maxAprBps) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, aprBps, request.maxAprBps));
        }
        vm.recordLogs();
        vm.prank(lender);
        uint256 loanId = core.fillRequest(request, signature, principal, aprBps, address(0));
        if (ok) {
            ILoanTypes.Loan memory loan = _lastLoan();
            assertEq(loan.principal, principal, "principal");
            assertEq(loan.aprBps, aprBps, "apr");
            _assertStored(loanId, loan);
        }
    }

    function _loanFromRequest(ILoanTypes.BorrowRequest memory request, uint256 principal, uint32 aprBps)
        internal
        view
        returns (ILoanTypes.Loan memory)
    {
        return ILoanTypes.Loan({
            collateral: request.collateral,
            tokenId: request.tokenId,
            collateralAmount: request.collateralAmount,
            currency: request.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: aprBps,
            feeBps: FEE_BPS,
            defaultMode: request.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: request.duration,
            gracePeriod: request.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: request.delegate
        });
    }
}
