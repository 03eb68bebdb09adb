// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract CancelOfferTest is UnitBase {
    function test_cancelOffer_marksTheOfferSpent() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 digest = core.hashOffer(offer);

        vm.expectEmit(address(core));
        emit ILoanTypes.OfferCancelled(lender, digest);
        vm.prank(lender);
        core.cancelOffer(offer);

        assertEq(core.offerUsed(digest), type(uint256).max, "spent");
    }

    function test_cancelOffer_thenAcceptReverts() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.prank(lender);
        core.cancelOffer(offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.OfferNotActive.selector, core.hashOffer(offer)));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_cancelOffer_afterAPartialFillBlocksTheRest() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        vm.prank(lender);
        core.cancelOffer(offer);
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.OfferNotActive.selector, core.hashOffer(offer)));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 2, 1 ether, _noProof(), address(0), address(0));
        _assertStored(loanId, loan);
    }

    function test_cancelOffer_blocksRefinancingWithIt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = lender2;
        offer.aprBps = 500;
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.prank(lender2);
        core.cancelOffer(offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.OfferNotActive.selector, core.hashOffer(offer)));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_cancelOffer_revertsWhenCallerIsNotTheLender() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.cancelOffer(offer);

        assertEq(core.offerUsed(core.hashOffer(offer)), 0, "still active");
    }

    function test_cancelOffer_leavesOtherOffersActive() public {
        ILoanTypes.LoanOffer memory cancelled = _collectionOffer();
        ILoanTypes.LoanOffer memory other = _collectionOffer();
        other.nonce = 1;
        vm.prank(lender);
        core.cancelOffer(cancelled);

        (uint256 loanId,) = _accept(other, 1, 1 ether);

        assertEq(_lenderOf(loanId), lender, "other offer still works");
    }

    function test_cancelOffer_worksWhenPaused() public {
        vm.prank(guardian);
        core.setPaused(true);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();

        vm.prank(lender);
        core.cancelOffer(offer);

        assertEq(core.offerUsed(core.hashOffer(offer)), type(uint256).max, "cancelled while paused");
    }

    function testFuzz_cancelOffer_anyOfferOfTheCaller(uint256 capacity, uint32 aprBps, uint256 nonce) public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.capacity = capacity;
        offer.aprBps = aprBps;
        offer.nonce = nonce;

        vm.prank(lender);
        core.cancelOffer(offer);

        assertEq(core.offerUsed(core.hashOffer(offer)), type(uint256).max, "spent");
    }
}
