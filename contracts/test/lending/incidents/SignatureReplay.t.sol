// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../../script/LoanDefaults.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {ILoanCoreExtension, LoanCore} from "../../../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../../../src/lending/LoanCoreExtension.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: signature replay (Gondi H-17, unmitigated after the 2024-05 mitigation review,
/// and M-08): a lender's signed offer reused beyond its capacity, across functions, across chains or
/// across deployments. Offers are bounded by capacity, requests are single use, renegotiations are bound
/// to one loan state, and every digest is EIP-712 with the chain id and this core's address.
contract SignatureReplayTest is IncidentBaseTest {
    function setUp() public override {
        super.setUp();
        for (uint256 id = 6; id <= 8; ++id) {
            _mintNft(borrower, id);
        }
    }

    function _renegotiation(uint256 loanId, ILoanTypes.Loan memory loan)
        internal
        view
        returns (ILoanTypes.Renegotiation memory)
    {
        return ILoanTypes.Renegotiation({
            loanId: loanId,
            loanHash: keccak256(abi.encode(loan)),
            aprBps: 500,
            duration: 60 days,
            gracePeriod: 1 days,
            expiry: uint64(block.timestamp + 1 days),
            nonce: 0
        });
    }

    function _request(uint256 tokenId) internal view returns (ILoanTypes.BorrowRequest memory) {
        return ILoanTypes.BorrowRequest({
            borrower: borrower,
            collateral: address(nft),
            tokenId: tokenId,
            collateralAmount: 0,
            currency: address(weth),
            minPrincipal: 1 ether,
            maxAprBps: 1000,
            duration: 30 days,
            gracePeriod: 1 days,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            delegate: address(0),
            expiry: uint64(block.timestamp + 7 days),
            nonce: 0
        });
    }

    /*//////////////////////////////////////////////////////////////
                               CAPACITY
    //////////////////////////////////////////////////////////////*/

    function test_acceptOffer_sameSignatureBeyondCapacity_reverts() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.capacity = 2.5 ether;
        bytes memory signature = _signOffer(lenderKey, offer);
        bytes32 digest = core.hashOffer(offer);
        vm.startPrank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));
        core.acceptOffer(offer, signature, 2, 1 ether, noProof, address(0), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CapacityExceeded.selector, digest, 2 ether, 1 ether, 2.5 ether)
        );
        core.acceptOffer(offer, signature, 3, 1 ether, noProof, address(0), address(0));
        // What is left can still be taken, and nothing more.
        core.acceptOffer(offer, signature, 3, 0.5 ether, noProof, address(0), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.CapacityExceeded.selector, digest, 2.5 ether, 0.5 ether, 2.5 ether
            )
        );
        core.acceptOffer(offer, signature, 4, 0.5 ether, noProof, address(0), address(0));
        vm.stopPrank();
        assertEq(core.offerUsed(digest), 2.5 ether);
    }

    function test_acceptOffer_repaidLoansDoNotRestoreCapacity() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.capacity = 1 ether;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        vm.prank(borrower);
        core.repay(loanId, loan);
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.CapacityExceeded.selector, core.hashOffer(offer), 1 ether, 1 ether, 1 ether
            )
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));
    }

    function test_acceptOffer_afterCancelOrNonceBump_reverts() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        _accept(offer, 1, 1 ether);
        vm.prank(lender);
        core.cancelOffer(offer);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.OfferNotActive.selector, core.hashOffer(offer)));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 2, 1 ether, noProof, address(0), address(0));

        ILoanTypes.LoanOffer memory other = _collectionOffer();
        other.nonce = 3;
        bytes memory otherSignature = _signOffer(lenderKey, other);
        vm.prank(lender);
        core.cancelNoncesBelow(4);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NonceCancelled.selector, lender, 3, 4));
        vm.prank(borrower);
        core.acceptOffer(other, otherSignature, 2, 1 ether, noProof, address(0), address(0));
    }

    function test_refinance_sharesCapacityWithAcceptOffer() public {
        ILoanTypes.LoanOffer memory shared = _collectionOffer();
        shared.lender = lender2;
        shared.capacity = 1.5 ether;
        bytes memory sharedSignature = _signOffer(lender2Key, shared);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(borrower);
        core.acceptOffer(shared, sharedSignature, 2, 1 ether, noProof, address(0), address(0));

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.CapacityExceeded.selector, core.hashOffer(shared), 1 ether, 1 ether, 1.5 ether
            )
        );
        vm.prank(borrower);
        core.refinance(loanId, loan, shared, sharedSignature, 1 ether, noProof);

        vm.prank(borrower);
        core.refinance(loanId, loan, shared, sharedSignature, 0.5 ether, noProof);
        assertEq(core.offerUsed(core.hashOffer(shared)), 1.5 ether);
        assertEq(_lenderOf(loanId), lender2);
    }

    function testFuzz_acceptOffer_totalNeverExceedsCapacity(uint256 capacity, uint256[6] memory principals)
        public
    {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 1;
        offer.capacity = bound(capacity, 1, 5 ether);
        bytes memory signature = _signOffer(lenderKey, offer);
        uint256 total;
        for (uint256 i; i < principals.length; ++i) {
            uint256 tokenId = 100 + i;
            _mintNft(borrower, tokenId);
            uint256 principal = bound(principals[i], 1, offer.maxPrincipal);
            vm.prank(borrower);
            try core.acceptOffer(offer, signature, tokenId, principal, noProof, address(0), address(0)) {
                total += principal;
            } catch {
                assertGt(total + principal, offer.capacity, "rejected a fill within capacity");
            }
        }
        assertLe(total, offer.capacity);
        assertEq(core.offerUsed(core.hashOffer(offer)), total);
    }

    /*//////////////////////////////////////////////////////////////
                           ACROSS FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    function test_fillRequest_offerSignatureAsRequest_reverts() public {
        // The lender's offer signature, submitted as if the lender had signed a borrow request.
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory offerSignature = _signOffer(lenderKey, offer);
        ILoanTypes.BorrowRequest memory request = _request(1);
        request.borrower = lender;
        vm.prank(lender);
        nft.setApprovalForAll(address(core), true);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, core.hashRequest(request))
        );
        vm.prank(attacker);
        core.fillRequest(request, offerSignature, 1 ether, 1000, address(0));
    }

    function test_acceptOffer_requestSignatureAsOffer_reverts() public {
        ILoanTypes.BorrowRequest memory request = _request(1);
        bytes memory requestSignature = _sign(borrowerKey, core.hashRequest(request));
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = borrower;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, borrower, core.hashOffer(offer))
        );
        vm.prank(attacker);
        core.acceptOffer(offer, requestSignature, 1, 1 ether, noProof, address(0), address(0));
    }

    function test_renegotiate_offerSignatureAsRenegotiation_reverts() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory offerSignature = _signOffer(lenderKey, offer);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, loan);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidSignature.selector, lender, core.hashRenegotiation(terms)
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, offerSignature);
    }

    function test_fillRequest_sameRequestTwice_reverts() public {
        ILoanTypes.BorrowRequest memory request = _request(1);
        bytes memory signature = _sign(borrowerKey, core.hashRequest(request));
        _recordAs(lender);
        uint256 loanId = core.fillRequest(request, signature, 1 ether, 1000, address(0));
        ILoanTypes.Loan memory loan = _lastLoan();
        vm.prank(borrower);
        core.repay(loanId, loan);
        // The NFT is back with the borrower, the approval still stands: the request must not fill again.
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.RequestAlreadyUsed.selector, core.hashRequest(request))
        );
        vm.prank(lender2);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }

    function test_renegotiate_sameSignatureTwice_reverts() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, loan);
        bytes memory signature = _sign(lenderKey, core.hashRenegotiation(terms));
        skip(1 hours);
        _recordAs(borrower);
        core.renegotiate(loanId, loan, terms, signature);
        ILoanTypes.Loan memory renegotiated = _lastLoan();
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                keccak256(abi.encode(renegotiated)),
                terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, renegotiated, terms, signature);
    }

    function test_renegotiate_signatureForAnotherLoan_reverts() public {
        (uint256 loanA, ILoanTypes.Loan memory a) = _openLoan();
        (uint256 loanB, ILoanTypes.Loan memory b) = _accept(_collectionOffer(), 2, 1 ether);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanA, a);
        bytes memory signature = _sign(lenderKey, core.hashRenegotiation(terms));
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, loanB, keccak256(abi.encode(b)), terms.loanHash
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanB, b, terms, signature);
    }

    function test_renegotiate_signedByPreviousNoteHolder_reverts() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, loan);
        bytes memory signature = _sign(lenderKey, core.hashRenegotiation(terms));
        uint256 lenderNote = core.lenderNoteId(loanId);
        vm.prank(lender);
        core.transferFrom(lender, lender2, lenderNote);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidSignature.selector, lender2, core.hashRenegotiation(terms)
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);
    }

    /*//////////////////////////////////////////////////////////////
                      ACROSS CHAINS AND DEPLOYMENTS
    //////////////////////////////////////////////////////////////*/

    function test_acceptOffer_signatureFromAnotherChain_reverts() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        uint256 originalChain = block.chainid;
        vm.chainId(originalChain + 1);
        bytes32 forkedDigest = core.hashOffer(offer);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, forkedDigest));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));

        // The extension (DELEGATECALL) hashes with the same domain: a renegotiation is rejected too.
        vm.chainId(originalChain);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, loan);
        bytes memory renegotiationSignature = _sign(lenderKey, core.hashRenegotiation(terms));
        vm.chainId(originalChain + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidSignature.selector, lender, core.hashRenegotiation(terms)
            )
        );
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, renegotiationSignature);
    }

    function test_acceptOffer_signatureForAnotherDeployment_reverts() public {
        LoanCore second = _deploySecondCore();
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        assertTrue(second.hashOffer(offer) != core.hashOffer(offer));
        vm.prank(borrower);
        nft.setApprovalForAll(address(second), true);
        vm.prank(lender);
        weth.approve(address(second), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, second.hashOffer(offer))
        );
        vm.prank(borrower);
        second.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));

        ILoanTypes.BorrowRequest memory request = _request(2);
        bytes memory requestSignature = _sign(borrowerKey, core.hashRequest(request));
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidSignature.selector, borrower, second.hashRequest(request)
            )
        );
        vm.prank(lender);
        second.fillRequest(request, requestSignature, 1 ether, 1000, address(0));
    }

    function _deploySecondCore() internal returns (LoanCore second) {
        LoanCoreExtension extension = new LoanCoreExtension(delegateRegistry, LoanDefaults.parameters());
        second = new LoanCore(
            owner,
            treasury,
            delegateRegistry,
            LoanDefaults.parameters(),
            ILoanCoreExtension(address(extension))
        );
        vm.prank(owner);
        second.setCurrencyAllowed(address(weth), true);
    }
}
