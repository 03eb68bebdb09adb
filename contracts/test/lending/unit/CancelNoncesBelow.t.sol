// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract CancelNoncesBelowTest is UnitBase {
    function test_cancelNoncesBelow_setsTheMinimumAndEmits() public {
        vm.expectEmit(address(core));
        emit ILoanTypes.NoncesCancelled(lender, 5);
        vm.prank(lender);
        core.cancelNoncesBelow(5);

        assertEq(core.minNonce(lender), 5, "min nonce");
    }

    function test_cancelNoncesBelow_invalidatesLowerOfferNonces() public {
        vm.prank(lender);
        core.cancelNoncesBelow(3);

        for (uint256 nonce; nonce < 3; ++nonce) {
            ILoanTypes.LoanOffer memory offer = _collectionOffer();
            offer.nonce = nonce;
            bytes memory signature = _signOffer(lenderKey, offer);
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NonceCancelled.selector, lender, nonce, 3));
            vm.prank(borrower);
            core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
        }
    }

    function test_cancelNoncesBelow_keepsTheMinimumNonceValid() public {
        vm.prank(lender);
        core.cancelNoncesBelow(3);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.nonce = 3;

        (uint256 loanId,) = _accept(offer, 1, 1 ether);

        assertEq(_lenderOf(loanId), lender, "nonce 3 still valid");
    }

    function test_cancelNoncesBelow_revertsWhenNotIncreasing() public {
        vm.prank(lender);
        core.cancelNoncesBelow(3);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("minNonce"), 3));
        vm.prank(lender);
        core.cancelNoncesBelow(3);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("minNonce"), 2));
        vm.prank(lender);
        core.cancelNoncesBelow(2);
    }

    function test_cancelNoncesBelow_revertsForZero() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("minNonce"), 0));
        vm.prank(lender);
        core.cancelNoncesBelow(0);
    }

    function test_cancelNoncesBelow_onlyAffectsTheCaller() public {
        vm.prank(lender);
        core.cancelNoncesBelow(10);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = lender2;

        (uint256 loanId,) = _acceptAs(borrower, offer, lender2Key, 1, 1 ether, _noProof(), address(0));

        assertEq(core.minNonce(lender2), 0, "lender2 untouched");
        assertEq(_lenderOf(loanId), lender2, "lender2's offer still valid");
    }

    function test_cancelNoncesBelow_doesNotAffectLiveLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(lender);
        core.cancelNoncesBelow(100);
        skip(1 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "repaid");
    }

    function testFuzz_cancelNoncesBelow_offerValidIffNonceAtLeastMinimum(uint256 minNonce, uint256 nonce)
        public
    {
        minNonce = bound(minNonce, 1, type(uint256).max);
        vm.prank(lender);
        core.cancelNoncesBelow(minNonce);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.nonce = nonce;
        bytes memory signature = _signOffer(lenderKey, offer);

        if (nonce < minNonce) {
            vm.expectRevert(
                abi.encodeWithSelector(ILoanTypes.NonceCancelled.selector, lender, nonce, minNonce)
            );
        }
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));

        assertEq(nft.ownerOf(1), nonce < minNonce ? borrower : address(core), "NFT");
    }
}
