// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../../script/LoanDefaults.sol";
import {IDelegateRegistry} from "../../../src/interfaces/IDelegateRegistry.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {ILoanCoreExtension, LoanCore} from "../../../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../../../src/lending/LoanCoreExtension.sol";
import {UnitBase} from "./UnitBase.sol";
import {Vm} from "forge-std/Test.sol";

/// @dev Delegation of escrowed collateral through the registry: set at origination, changed by the
/// borrower-note holder with setDelegate, revoked whenever the collateral leaves.
contract SetDelegateTest is UnitBase {
    address internal hotWallet = makeAddr("hotWallet");
    address internal otherWallet = makeAddr("otherWallet");

    function _acceptWithDelegate(ILoanTypes.LoanOffer memory offer, uint256 tokenId, address delegate)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.recordLogs();
        vm.prank(borrower);
        loanId = core.acceptOffer(offer, signature, tokenId, 1 ether, _noProof(), address(0), delegate);
        loan = _lastLoan();
    }

    function _setDelegate(uint256 loanId, ILoanTypes.Loan memory loan, address delegate)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(_borrowerOf(loanId));
        core.setDelegate(loanId, loan, delegate);
        return _lastLoan();
    }

    function _delegated(address delegate, uint256 tokenId) internal view returns (bool) {
        return delegateRegistry.checkDelegateForERC721(delegate, address(core), address(nft), tokenId, "");
    }

    function _delegatedItems(address delegate) internal view returns (uint256) {
        return delegateRegistry.checkDelegateForERC1155(delegate, address(core), address(items), 1, "");
    }

    function test_acceptOffer_delegatesTheEscrowedNft() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);

        assertEq(loan.delegate, hotWallet, "recorded");
        assertTrue(_delegated(hotWallet, 1), "delegated");
        assertFalse(_delegated(hotWallet, 2), "only that token");
        _assertStored(loanId, loan);
    }

    function test_acceptOffer_erc1155DelegatesTheEscrowedAmount() public {
        _acceptWithDelegate(_itemsOffer(), 1, hotWallet);

        assertEq(_delegatedItems(hotWallet), 3, "3 items delegated");
    }

    function test_fillRequest_delegatesToTheRequestDelegate() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.delegate = hotWallet;

        (, ILoanTypes.Loan memory loan) = _fill(request, 1 ether, 1000);

        assertEq(loan.delegate, hotWallet, "recorded");
        assertTrue(_delegated(hotWallet, 1), "delegated");
    }

    function test_setDelegate_replacesTheDelegate() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.delegate = otherWallet;

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanUpdated(loanId, expected);
        vm.prank(borrower);
        core.setDelegate(loanId, loan, otherWallet);

        assertFalse(_delegated(hotWallet, 1), "old delegate revoked");
        assertTrue(_delegated(otherWallet, 1), "new delegate");
        _assertStored(loanId, expected);
    }

    function test_setDelegate_addsADelegateToALoanWithoutOne() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();

        ILoanTypes.Loan memory updated = _setDelegate(loanId, loan, hotWallet);

        assertEq(updated.delegate, hotWallet, "recorded");
        assertTrue(_delegated(hotWallet, 1), "delegated");
    }

    function test_setDelegate_zeroRevokes() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);

        ILoanTypes.Loan memory updated = _setDelegate(loanId, loan, address(0));

        assertEq(updated.delegate, address(0), "cleared");
        assertFalse(_delegated(hotWallet, 1), "revoked");
    }

    function test_setDelegate_revertsWhenCallerIsNotBorrowerNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.setDelegate(loanId, loan, lender);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.setDelegate(loanId, loan, attacker);
    }

    function test_setDelegate_followsTheBorrowerNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);
        address noteBuyer = makeAddr("noteBuyer");
        _transferBorrowerNote(loanId, noteBuyer);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.setDelegate(loanId, loan, borrower);

        vm.prank(noteBuyer);
        core.setDelegate(loanId, loan, noteBuyer);
        assertTrue(_delegated(noteBuyer, 1), "note holder's delegate");
        assertFalse(_delegated(hotWallet, 1), "previous one revoked");
    }

    function test_setDelegate_worksWhenPaused() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(guardian);
        core.setPaused(true);

        _setDelegate(loanId, loan, hotWallet);

        assertTrue(_delegated(hotWallet, 1), "delegated while paused");
    }

    function test_repay_revokesTheDelegation() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertFalse(_delegated(hotWallet, 1), "revoked");
        assertEq(nft.ownerOf(1), borrower, "NFT back");
    }

    function test_foreclose_revokesTheDelegation() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertFalse(_delegated(hotWallet, 1), "revoked");
    }

    function test_buy_revokesTheDelegation() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_auctionOffer(), 1, hotWallet);
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);

        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);

        assertFalse(_delegated(hotWallet, 1), "revoked");
    }

    function test_refinance_keepsTheDelegate() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptWithDelegate(_collectionOffer(), 1, hotWallet);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = lender2;
        bytes memory signature = _signOffer(lender2Key, offer);

        vm.recordLogs();
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, _noProof());

        assertEq(_lastLoan().delegate, hotWallet, "kept");
        assertTrue(_delegated(hotWallet, 1), "still delegated");
    }

    function test_repay_erc1155RevokeKeepsTheDelegationOfAnotherLiveLoan() public {
        // Two live loans escrow the same ERC-1155 id and delegate to the same wallet.
        (uint256 firstId, ILoanTypes.Loan memory first) = _acceptWithDelegate(_itemsOffer(), 1, hotWallet);
        ILoanTypes.LoanOffer memory second = _itemsOffer();
        second.collateralAmount = 2;
        _acceptWithDelegate(second, 1, hotWallet);

        vm.prank(borrower);
        core.repay(firstId, first);

        // The second loan still escrows 2 items for this delegate.
        assertEq(_delegatedItems(hotWallet), 2, "second loan's delegation survives");
    }

    function test_acceptOffer_erc1155DelegationsOfTheSameIdAddUp() public {
        _acceptWithDelegate(_itemsOffer(), 1, hotWallet);
        ILoanTypes.LoanOffer memory second = _itemsOffer();
        second.collateralAmount = 2;

        _acceptWithDelegate(second, 1, hotWallet);

        assertEq(items.balanceOf(address(core), 1), 5, "5 escrowed");
        assertEq(_delegatedItems(hotWallet), 5, "all 5 delegated");
    }

    function test_acceptOffer_revertsWhenTheDelegationCannotBeGranted() public {
        // A core whose registry address has no code: granting a delegation must fail loudly.
        IDelegateRegistry noRegistry = IDelegateRegistry(makeAddr("noRegistry"));
        LoanCoreExtension extension = new LoanCoreExtension(noRegistry, LoanDefaults.parameters());
        LoanCore other = new LoanCore(
            owner, treasury, noRegistry, LoanDefaults.parameters(), ILoanCoreExtension(address(extension))
        );
        vm.prank(owner);
        other.setCurrencyAllowed(address(weth), true);
        vm.prank(lender);
        weth.approve(address(other), type(uint256).max);
        vm.startPrank(borrower);
        nft.setApprovalForAll(address(other), true);
        weth.approve(address(other), type(uint256).max);
        vm.stopPrank();
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _sign(lenderKey, other.hashOffer(offer));

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.DelegationFailed.selector, hotWallet));
        vm.prank(borrower);
        other.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), hotWallet);

        // Without a delegate the same core lends, and closing never needs the registry.
        vm.recordLogs();
        vm.prank(borrower);
        uint256 loanId = other.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
        ILoanTypes.Loan memory loan = _lastLoanOf(address(other));
        vm.prank(borrower);
        other.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower, "repaid");
    }

    function _lastLoanOf(address emitter) internal returns (ILoanTypes.Loan memory) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].emitter == emitter && logs[i - 1].topics[0] == ILoanTypes.LoanStarted.selector) {
                return abi.decode(logs[i - 1].data, (ILoanTypes.Loan));
            }
        }
        revert("no LoanStarted");
    }
}
