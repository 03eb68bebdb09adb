// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DemoStablecoin} from "../../../src/devnet/DemoStablecoin.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";
import {OwnedWallet} from "./mocks/OwnedWallet.sol";
import {ERC1155} from "solady/tokens/ERC1155.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

contract AcceptOfferTest is UnitBase {
    function test_acceptOffer_recordsLoanWithOfferTerms() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 2, 0.8 ether);

        assertEq(loanId, 1, "first loan id");
        assertEq(_loanCount(), 1, "loan count");
        assertEq(loan.collateral, address(nft), "collateral");
        assertEq(loan.tokenId, 2, "tokenId");
        assertEq(loan.collateralAmount, 0, "collateralAmount");
        assertEq(loan.currency, address(weth), "currency");
        assertEq(loan.principal, 0.8 ether, "principal");
        assertEq(loan.carriedInterest, 0, "carriedInterest");
        assertEq(loan.aprBps, offer.aprBps, "aprBps");
        assertEq(loan.feeBps, FEE_BPS, "feeBps");
        assertEq(uint8(loan.defaultMode), uint8(offer.defaultMode), "defaultMode");
        assertEq(loan.startTime, block.timestamp, "startTime");
        assertEq(loan.accrualStart, block.timestamp, "accrualStart");
        assertEq(loan.duration, offer.duration, "duration");
        assertEq(loan.gracePeriod, offer.gracePeriod, "gracePeriod");
        assertEq(loan.callTime, 0, "callTime");
        assertEq(loan.saleStart, 0, "saleStart");
        assertEq(loan.delegate, address(0), "delegate");
        _assertStored(loanId, loan);
    }

    function test_acceptOffer_escrowsNftPaysPrincipalAndMintsNotes() public {
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        (uint256 loanId,) = _accept(_collectionOffer(), 1, 0.7 ether);

        assertEq(nft.ownerOf(1), address(core), "NFT escrowed");
        assertEq(lenderBefore - weth.balanceOf(lender), 0.7 ether, "lender paid principal");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, 0.7 ether, "borrower received principal");
        assertEq(weth.balanceOf(address(core)), 0, "core holds no currency");
        assertEq(_lenderOf(loanId), lender, "lender note");
        assertEq(_borrowerOf(loanId), borrower, "borrower note");
    }

    function test_acceptOffer_emitsLoanStarted() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        ILoanTypes.Loan memory expected = ILoanTypes.Loan({
            collateral: address(nft),
            tokenId: 1,
            collateralAmount: 0,
            currency: address(weth),
            principal: 1 ether,
            carriedInterest: 0,
            aprBps: 1000,
            feeBps: FEE_BPS,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: 30 days,
            gracePeriod: 1 days,
            callTime: 0,
            saleStart: 0,
            delegate: address(0)
        });

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanStarted(1, lender, borrower, expected);
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_successiveLoansGetIncreasingIds() public {
        (uint256 first,) = _accept(_collectionOffer(), 1, 1 ether);
        (uint256 second,) = _accept(_collectionOffer(), 2, 1 ether);

        assertEq(first, 1, "first");
        assertEq(second, 2, "second");
        assertEq(_lenderOf(2), lender, "second lender note");
        assertEq(_borrowerOf(2), borrower, "second borrower note");
    }

    function test_acceptOffer_tokenScopeAcceptsItsToken() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_tokenOffer(3), 3, 1 ether);

        assertEq(loan.tokenId, 3, "tokenId");
        assertEq(nft.ownerOf(3), address(core), "escrowed");
        _assertStored(loanId, loan);
    }

    function test_acceptOffer_tokenScopeRevertsForAnotherToken() public {
        ILoanTypes.LoanOffer memory offer = _tokenOffer(3);
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 2));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 2, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_collectionScopeAcceptsAnyToken() public {
        for (uint256 tokenId = 1; tokenId <= 5; ++tokenId) {
            (, ILoanTypes.Loan memory loan) = _accept(_collectionOffer(), tokenId, 1 ether);
            assertEq(loan.tokenId, tokenId, "tokenId");
            assertEq(nft.ownerOf(tokenId), address(core), "escrowed");
        }
    }

    function test_acceptOffer_tokenSetScopeAcceptsTokenWithProof() public {
        uint256[4] memory set = [uint256(1), 2, 3, 5];
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        for (uint256 index; index < 4; ++index) {
            (bytes32 root, bytes32[] memory proof) = _tokenSet(set, index);
            offer.tokenSetRoot = root;
            (, ILoanTypes.Loan memory loan) =
                _acceptAs(borrower, offer, lenderKey, set[index], 1 ether, proof, address(0));
            assertEq(loan.tokenId, set[index], "tokenId");
        }
    }

    function test_acceptOffer_tokenSetScopeRevertsWithBadProof() public {
        (bytes32 root, bytes32[] memory proof) = _tokenSet([uint256(1), 2, 3, 5], 0);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = root;
        bytes memory signature = _signOffer(lenderKey, offer);
        proof[1] = keccak256("not a node");

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, proof, address(0), address(0));
    }

    function test_acceptOffer_tokenSetScopeRevertsForTokenOutsideSet() public {
        (bytes32 root, bytes32[] memory proof) = _tokenSet([uint256(1), 2, 3, 5], 0);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = root;
        bytes memory signature = _signOffer(lenderKey, offer);

        // Token 4 is not in the set; the proof is token 1's.
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 4));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 4, 1 ether, proof, address(0), address(0));
    }

    function test_acceptOffer_tokenSetScopeRevertsWithEmptyProof() public {
        (bytes32 root,) = _tokenSet([uint256(1), 2, 3, 5], 0);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = root;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_tokenSetScopeRejectsInnerNodeAsLeaf() public {
        // A second-preimage attempt: an inner node presented as a token id must not verify.
        uint256[4] memory set = [uint256(1), 2, 3, 5];
        (bytes32 root,) = _tokenSet(set, 0);
        bytes32 left = _hashPair(_leaf(1), _leaf(2));
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = _hashPair(_leaf(3), _leaf(5));
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = root;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), uint256(left))
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, uint256(left), 1 ether, proof, address(0), address(0));
    }

    function test_acceptOffer_principalAtRangeBounds() public {
        (, ILoanTypes.Loan memory atMin) = _accept(_collectionOffer(), 1, 0.5 ether);
        (, ILoanTypes.Loan memory atMax) = _accept(_collectionOffer(), 2, 1 ether);

        assertEq(atMin.principal, 0.5 ether, "min");
        assertEq(atMax.principal, 1 ether, "max");
    }

    function test_acceptOffer_revertsBelowMinPrincipal() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PrincipalOutOfRange.selector, 0.5 ether - 1, 0.5 ether, 1 ether)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 0.5 ether - 1, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsAboveMaxPrincipal() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PrincipalOutOfRange.selector, 1 ether + 1, 0.5 ether, 1 ether)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether + 1, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsZeroPrincipal() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 0;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 0, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_capacityIsSharedAcrossPartialFills() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.capacity = 2.5 ether;
        bytes32 digest = core.hashOffer(offer);

        _accept(offer, 1, 1 ether);
        assertEq(core.offerUsed(digest), 1 ether, "used after first");
        _accept(offer, 2, 1 ether);
        assertEq(core.offerUsed(digest), 2 ether, "used after second");
        _accept(offer, 3, 0.5 ether);
        assertEq(core.offerUsed(digest), 2.5 ether, "used up exactly");
    }

    function test_acceptOffer_revertsWhenCapacityExceeded() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.capacity = 1.5 ether;
        bytes32 digest = core.hashOffer(offer);
        _accept(offer, 1, 1 ether);
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.CapacityExceeded.selector, digest, 1 ether, 0.6 ether, 1.5 ether
            )
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 2, 0.6 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_validAtExpiry() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        vm.warp(offer.expiry);

        (uint256 loanId,) = _accept(offer, 1, 1 ether);

        assertEq(_lenderOf(loanId), lender, "accepted at the expiry second");
    }

    function test_acceptOffer_revertsAfterExpiry() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.warp(uint256(offer.expiry) + 1);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.OfferExpired.selector, offer.expiry, uint256(offer.expiry) + 1)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_contractWalletLender() public {
        (address walletOwner, uint256 walletOwnerKey) = makeAddrAndKey("walletOwner");
        OwnedWallet wallet = new OwnedWallet(walletOwner);
        _fundWallet(address(wallet), 5 ether);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = address(wallet);

        (uint256 loanId, ILoanTypes.Loan memory loan) =
            _acceptAs(borrower, offer, walletOwnerKey, 1, 1 ether, _noProof(), address(0));

        assertEq(_lenderOf(loanId), address(wallet), "wallet holds the lender note");
        assertEq(weth.balanceOf(address(wallet)), 4 ether, "wallet paid principal");
        _assertStored(loanId, loan);
    }

    function test_acceptOffer_contractWalletLenderRevertsWhenNotItsOwnerSigned() public {
        (address walletOwner,) = makeAddrAndKey("walletOwner");
        OwnedWallet wallet = new OwnedWallet(walletOwner);
        _fundWallet(address(wallet), 5 ether);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = address(wallet);
        bytes32 digest = core.hashOffer(offer);
        bytes memory signature = _sign(attackerKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, address(wallet), digest));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsHighSSignature() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 digest = core.hashOffer(offer);
        bytes memory malleable = _signHighS(lenderKey, digest);
        // The twin really is the lender's signature to raw ecrecover.
        (bytes32 r, bytes32 s) = abi.decode(malleable, (bytes32, bytes32));
        assertEq(ecrecover(digest, uint8(malleable[64]), r, s), lender, "malleable twin recovers the lender");

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        vm.prank(borrower);
        core.acceptOffer(offer, malleable, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsCompactSignature() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 digest = core.hashOffer(offer);
        (bytes32 r, bytes32 vs) = vm.signCompact(lenderKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        vm.prank(borrower);
        core.acceptOffer(offer, abi.encodePacked(r, vs), 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWrongSigner() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 digest = core.hashOffer(offer);
        bytes memory signature = _sign(attackerKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWhenTermsChangedAfterSigning() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        offer.aprBps = 1;

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, core.hashOffer(offer))
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWhenCurrencyNotAllowed() public {
        DemoStablecoin other = new DemoStablecoin(owner);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.currency = address(other);
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(other)));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWhenCurrencyDisallowedAfterSigning() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.prank(owner);
        core.setCurrencyAllowed(address(weth), false);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(weth)));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWhenPaused() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.prank(guardian);
        core.setPaused(true);

        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsAprAboveMax() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.aprBps = uint32(MAX_APR_BPS + 1);
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, MAX_APR_BPS + 1, MAX_APR_BPS));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_aprAtMaxIsAccepted() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.aprBps = uint32(MAX_APR_BPS);

        (, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);

        assertEq(loan.aprBps, MAX_APR_BPS, "apr");
    }

    function test_acceptOffer_erc1155Collateral() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_itemsOffer(), 1, 1 ether);

        assertEq(items.balanceOf(address(core), 1), 3, "core escrows 3");
        assertEq(items.balanceOf(borrower, 1), 7, "borrower keeps 7");
        assertEq(loan.collateral, address(items), "collateral");
        assertEq(loan.collateralAmount, 3, "collateralAmount");
        _assertStored(loanId, loan);
    }

    function test_acceptOffer_erc1155RevertsWhenBalanceTooLow() public {
        ILoanTypes.LoanOffer memory offer = _itemsOffer();
        offer.collateralAmount = 11;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(ERC1155.InsufficientBalance.selector);
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_borrowerParamReceivesBorrowerNote() public {
        address noteHolder = makeAddr("noteHolder");
        uint256 callerBefore = weth.balanceOf(borrower);

        (uint256 loanId,) =
            _acceptAs(borrower, _collectionOffer(), lenderKey, 1, 1 ether, _noProof(), noteHolder);

        assertEq(_borrowerOf(loanId), noteHolder, "borrower note to the parameter");
        assertEq(weth.balanceOf(borrower) - callerBefore, 1 ether, "principal to the caller");
        assertEq(weth.balanceOf(noteHolder), 0, "note holder gets no principal");
        assertEq(nft.ownerOf(1), address(core), "NFT from the caller");
    }

    function test_acceptOffer_revertsWhenCallerDoesNotOwnToken() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        vm.prank(attacker);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
        assertEq(nft.ownerOf(1), borrower, "NFT untouched");
    }

    function test_acceptOffer_revertsForATokenAlreadyInEscrow() public {
        _accept(_collectionOffer(), 1, 1 ether);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.nonce = 1;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(nft), 1));
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_revertsWhenLenderCannotPay() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.prank(lender);
        weth.approve(address(core), 0.5 ether);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(weth), lender, 1 ether)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_acceptOffer_blacklistedCallerPrincipalIsBooked() public {
        ILoanTypes.LoanOffer memory offer = _usdOffer();
        vm.prank(owner);
        usd.setBlacklisted(borrower, true);
        uint256 borrowerBefore = usd.balanceOf(borrower);

        _accept(offer, 1, 800e6);

        assertEq(usd.balanceOf(borrower), borrowerBefore, "nothing delivered");
        assertEq(core.claimable(borrower, address(usd)), 800e6, "principal booked");
        assertEq(usd.balanceOf(address(core)), 800e6, "core holds it");
    }

    /// @dev A loan against one of this core's own notes (e.g. a lender financing its lender note) would
    /// make the core the note's holder: repayments of the underlying loan would be paid to the core with
    /// no claimant, and the note would be burned while escrowed. Notes cannot be collateral.
    function test_acceptOffer_revertsForANoteOfThisCoreAsCollateral() public {
        (uint256 inner,) = _openLoan();
        uint256 noteId = core.lenderNoteId(inner);
        vm.prank(lender);
        core.setApprovalForAll(address(core), true);
        ILoanTypes.LoanOffer memory offer = _tokenOffer(noteId);
        offer.lender = lender2;
        offer.collateral = address(core);
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(core), noteId)
        );
        vm.prank(lender);
        core.acceptOffer(offer, signature, noteId, 0.5 ether, _noProof(), address(0), address(0));
        assertEq(core.ownerOf(noteId), lender, "note not escrowed");
    }

    function testFuzz_acceptOffer_principalInRange(
        uint256 principal,
        uint256 minPrincipal,
        uint256 maxPrincipal
    ) public {
        minPrincipal = bound(minPrincipal, 1, 100 ether);
        maxPrincipal = bound(maxPrincipal, minPrincipal, 100 ether);
        principal = bound(principal, 0, 200 ether);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = minPrincipal;
        offer.maxPrincipal = maxPrincipal;
        offer.capacity = 200 ether;
        bytes memory signature = _signOffer(lenderKey, offer);

        if (principal == 0) {
            vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        } else if (principal < minPrincipal || principal > maxPrincipal) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILoanTypes.PrincipalOutOfRange.selector, principal, minPrincipal, maxPrincipal
                )
            );
        }
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, principal, _noProof(), address(0), address(0));
        if (principal >= minPrincipal && principal <= maxPrincipal) {
            assertEq(core.offerUsed(core.hashOffer(offer)), principal, "used");
        }
    }

    function testFuzz_acceptOffer_capacityAcrossRandomFills(uint256 capacity, uint256[5] memory principals)
        public
    {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 1;
        offer.maxPrincipal = 5 ether;
        offer.capacity = bound(capacity, 1, 12 ether);
        bytes32 digest = core.hashOffer(offer);
        bytes memory signature = _signOffer(lenderKey, offer);
        uint256 used;
        for (uint256 i; i < principals.length; ++i) {
            uint256 principal = bound(principals[i], 1, 5 ether);
            bool fits = used + principal <= offer.capacity;
            if (!fits) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        ILoanTypes.CapacityExceeded.selector, digest, used, principal, offer.capacity
                    )
                );
            }
            vm.prank(borrower);
            core.acceptOffer(offer, signature, i + 1, principal, _noProof(), address(0), address(0));
            if (fits) used += principal;
            assertEq(core.offerUsed(digest), used, "used");
            assertLe(used, offer.capacity, "never above capacity");
        }
    }

    function _fundWallet(address wallet, uint256 amount) internal {
        vm.deal(wallet, amount);
        vm.startPrank(wallet);
        weth.deposit{value: amount}();
        weth.approve(address(core), type(uint256).max);
        vm.stopPrank();
    }
}
