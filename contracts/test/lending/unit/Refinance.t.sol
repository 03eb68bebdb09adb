// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract RefinanceTest is UnitBase {
    struct Balances {
        int256 borrower;
        int256 oldLender;
        int256 newLender;
        int256 treasury;
    }

    /// @dev lender2's offer: 8% APR, 60 days + 2 days grace, any principal up to 5 WETH.
    function _newOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.lender = lender2;
        offer.aprBps = 800;
        offer.minPrincipal = 1;
        offer.maxPrincipal = 5 ether;
        offer.duration = 60 days;
        offer.gracePeriod = 2 days;
    }

    function _refinance(
        uint256 loanId,
        ILoanTypes.Loan memory loan,
        ILoanTypes.LoanOffer memory offer,
        uint256 principal
    ) internal returns (ILoanTypes.Loan memory) {
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.recordLogs();
        vm.prank(_borrowerOf(loanId));
        core.refinance(loanId, loan, offer, signature, principal, _noProof());
        return _lastLoan();
    }

    function _balances() internal view returns (Balances memory) {
        return Balances({
            borrower: int256(weth.balanceOf(borrower)),
            oldLender: int256(weth.balanceOf(lender)),
            newLender: int256(weth.balanceOf(lender2)),
            treasury: int256(weth.balanceOf(treasury))
        });
    }

    function _assertDeltas(
        Balances memory before,
        int256 borrowerDelta,
        int256 oldLenderDelta,
        int256 newLenderDelta,
        int256 treasuryDelta
    ) internal view {
        Balances memory afterwards = _balances();
        assertEq(afterwards.borrower - before.borrower, borrowerDelta, "borrower delta");
        assertEq(afterwards.oldLender - before.oldLender, oldLenderDelta, "old lender delta");
        assertEq(afterwards.newLender - before.newLender, newLenderDelta, "new lender delta");
        assertEq(afterwards.treasury - before.treasury, treasuryDelta, "treasury delta");
    }

    function test_refinance_largerPrincipalPaysBorrowerTheExcess() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 interest = _interest(1 ether, 1000, 10 days);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 debt = 1 ether + interest;
        Balances memory before = _balances();

        _refinance(loanId, loan, _newOffer(), 2 ether);

        _assertDeltas(before, int256(2 ether - debt), int256(debt - fee), -int256(2 ether), int256(fee));
        assertEq(weth.balanceOf(address(core)), 0, "core keeps nothing");
    }

    function test_refinance_smallerPrincipalBorrowerPaysTheShortfall() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 interest = _interest(1 ether, 1000, 10 days);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 debt = 1 ether + interest;
        Balances memory before = _balances();

        _refinance(loanId, loan, _newOffer(), 0.5 ether);

        _assertDeltas(before, -int256(debt - 0.5 ether), int256(debt - fee), -0.5 ether, int256(fee));
    }

    function test_refinance_principalBelowTheFeeBorrowerCoversTheFee() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.aprBps = uint32(MAX_APR_BPS);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        skip(30 days);
        uint256 interest = _interest(1 ether, MAX_APR_BPS, 30 days);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 debt = 1 ether + interest;
        uint256 principal = fee / 2;
        Balances memory before = _balances();

        _refinance(loanId, loan, _newOffer(), principal);

        _assertDeltas(before, -int256(debt - principal), int256(debt - fee), -int256(principal), int256(fee));
    }

    function test_refinance_recordsNewTermsOnTheSameCollateral() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        vm.prank(owner);
        core.setProtocolFee(500);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;

        ILoanTypes.Loan memory updated = _refinance(loanId, loan, offer, 1.5 ether);

        assertEq(updated.collateral, loan.collateral, "collateral");
        assertEq(updated.tokenId, loan.tokenId, "tokenId");
        assertEq(updated.currency, loan.currency, "currency");
        assertEq(updated.principal, 1.5 ether, "principal");
        assertEq(updated.carriedInterest, 0, "old interest paid");
        assertEq(updated.aprBps, 800, "apr");
        assertEq(updated.feeBps, 500, "current fee");
        assertEq(uint8(updated.defaultMode), uint8(ILoanTypes.DefaultMode.Auction), "default mode");
        assertEq(updated.startTime, block.timestamp, "startTime");
        assertEq(updated.accrualStart, block.timestamp, "accrualStart");
        assertEq(updated.duration, 60 days, "duration");
        assertEq(updated.gracePeriod, 2 days, "grace");
        _assertStored(loanId, updated);
        assertEq(nft.ownerOf(1), address(core), "NFT stays escrowed");
    }

    function test_refinance_movesLenderNoteToNewLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();

        _refinance(loanId, loan, _newOffer(), 1 ether);

        assertEq(_lenderOf(loanId), lender2, "new lender");
        assertEq(_borrowerOf(loanId), borrower, "borrower unchanged");
    }

    function test_refinance_emitsLoanTransferredWithPaymentToOldLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(4 days);
        uint256 interest = _interest(1 ether, 1000, 4 days);
        uint256 fee = _feeOn(interest, FEE_BPS);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes memory signature = _signOffer(lender2Key, offer);

        ILoanTypes.Loan memory expected = _copy(loan);
        expected.principal = 2 ether;
        expected.aprBps = 800;
        expected.startTime = uint40(block.timestamp);
        expected.accrualStart = uint40(block.timestamp);
        expected.duration = 60 days;
        expected.gracePeriod = 2 days;

        // The repaid principal is the old one (1), the new loan's principal is 2.
        vm.expectEmit(address(core));
        emit ILoanTypes.LoanRepaid(loanId, borrower, interest, 1 ether, fee);
        vm.expectEmit(address(core));
        emit ILoanTypes.LoanTransferred(loanId, lender, lender2, 1 ether + interest - fee, expected);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 2 ether, _noProof());
    }

    function test_refinance_revertsWhenCallerIsNotBorrowerNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_followsTheBorrowerNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        address noteBuyer = makeAddr("noteBuyer");
        _transferBorrowerNote(loanId, noteBuyer);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());

        // The note holder refinances with principal equal to the debt (no interest yet).
        vm.prank(noteBuyer);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
        assertEq(_lenderOf(loanId), lender2, "refinanced");
    }

    function test_refinance_revertsForOfferOnAnotherCollection() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.collateral = address(items);
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralMismatch.selector, address(nft), 1, address(items), 0)
        );
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_revertsForOfferOnAnotherCollateralAmount() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_itemsOffer(), 1, 1 ether);
        ILoanTypes.LoanOffer memory offer = _itemsOffer();
        offer.lender = lender2;
        offer.collateralAmount = 1;
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.CollateralMismatch.selector, address(items), 1, address(items), 1
            )
        );
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_revertsForTokenOfferOnAnotherToken() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.scope = ILoanTypes.Scope.Token;
        offer.tokenId = 2;
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_acceptsTokenOfferOnTheLoanToken() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.scope = ILoanTypes.Scope.Token;
        offer.tokenId = 1;

        ILoanTypes.Loan memory updated = _refinance(loanId, loan, offer, 1 ether);

        assertEq(updated.tokenId, 1, "same token");
        assertEq(_lenderOf(loanId), lender2, "refinanced");
    }

    function test_refinance_revertsForOfferInAnotherCurrency() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.currency = address(usd);
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CurrencyMismatch.selector, address(weth), address(usd))
        );
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_revertsWithSignatureOfAnotherLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes32 digest = core.hashOffer(offer);
        bytes memory signature = _sign(attackerKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender2, digest));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_usesOfferCapacity() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.capacity = 1.2 ether;
        bytes32 digest = core.hashOffer(offer);

        _refinance(loanId, loan, offer, 1 ether);

        assertEq(core.offerUsed(digest), 1 ether, "capacity used");
        (uint256 secondId, ILoanTypes.Loan memory second) = _accept(_collectionOffer(), 2, 1 ether);
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CapacityExceeded.selector, digest, 1 ether, 1 ether, 1.2 ether)
        );
        vm.prank(borrower);
        core.refinance(secondId, second, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_revertsWhenPaused() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.prank(guardian);
        core.setPaused(true);

        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    /// @dev Pins current behaviour: `setCurrencyAllowed` says live loans are unaffected, yet a live loan in
    /// a disallowed currency can no longer be refinanced (takeOver and auctionTakeover still work).
    function test_refinance_revertsOnceTheLoanCurrencyIsDisallowed() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _newOffer();
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.prank(owner);
        core.setCurrencyAllowed(address(weth), false);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(weth)));
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function test_refinance_duringDefaultSaleEndsTheSale() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.expiry = uint64(block.timestamp + 1 days);

        ILoanTypes.Loan memory updated = _refinance(loanId, loan, offer, 1 ether);

        assertEq(updated.saleStart, 0, "sale reset");
        assertEq(updated.startTime, block.timestamp, "new term");
    }

    function test_refinance_calledOpenTermLoanResetsTheCall() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.duration = 0;

        ILoanTypes.Loan memory updated = _refinance(loanId, loan, offer, 1 ether);

        assertEq(updated.callTime, 0, "call reset");
        assertEq(updated.duration, 0, "open-term");
    }

    function test_refinance_revertsWithStaleLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.Loan memory updated = _refinance(loanId, loan, _newOffer(), 1 ether);
        ILoanTypes.LoanOffer memory offer = _newOffer();
        offer.nonce = 1;
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                keccak256(abi.encode(updated)),
                keccak256(abi.encode(loan))
            )
        );
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());
    }

    function testFuzz_refinance_everyBalanceDeltaIsExact(uint256 principal, uint256 aprBps, uint256 elapsed)
        public
    {
        aprBps = bound(aprBps, 0, MAX_APR_BPS);
        elapsed = bound(elapsed, 0, YEAR);
        principal = bound(principal, 1, 5 ether);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.aprBps = uint32(aprBps);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, 1 ether);
        skip(elapsed);
        ILoanTypes.LoanOffer memory newOffer = _newOffer();
        newOffer.expiry = uint64(block.timestamp);
        uint256 interest = _interest(1 ether, aprBps, elapsed);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 debt = 1 ether + interest;
        Balances memory before = _balances();

        ILoanTypes.Loan memory updated = _refinance(loanId, loan, newOffer, principal);

        _assertDeltas(
            before, int256(principal) - int256(debt), int256(debt - fee), -int256(principal), int256(fee)
        );
        assertEq(weth.balanceOf(address(core)), 0, "core keeps nothing");
        assertEq(updated.principal, principal, "principal");
        _assertStored(loanId, updated);
    }
}
