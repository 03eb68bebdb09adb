// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";
import {ReentrantCollection} from "./mocks/ReentrantCollection.sol";
import {ReentrantItems} from "./mocks/ReentrantItems.sol";
import {ReentrantReceiver} from "./mocks/ReentrantReceiver.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Incident class: re-entry through NFT transfer hooks and token callbacks (Omni, July 2022:
/// ~1,300 ETH lost to re-entry through `onERC721Received` before state was updated). Every entry that
/// moves tokens must be guarded, and state must be final before any collateral leaves.
contract ReentrancyThroughNftHooksTest is IncidentBaseTest {
    bytes internal constant GUARD_ERROR =
        abi.encodePacked(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);

    ReentrantCollection internal hooked;
    ReentrantItems internal hookedItems;

    function setUp() public override {
        super.setUp();
        hooked = new ReentrantCollection(address(core));
        hookedItems = new ReentrantItems(address(core));
        for (uint256 id = 1; id <= 3; ++id) {
            hooked.mint(borrower, id);
        }
        hookedItems.mint(borrower, 7, 10);
        vm.startPrank(borrower);
        hooked.setApprovalForAll(address(core), true);
        hookedItems.setApprovalForAll(address(core), true);
        vm.stopPrank();
        // The hostile collection can pay, so a re-entered repay or buy would not fail for lack of funds.
        deal(address(weth), address(hooked), 100 ether);
        hooked.approveToken(address(weth), address(core));
    }

    function _hookedOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.collateral = address(hooked);
    }

    function _openHooked(uint256 tokenId) internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        return _acceptAs(borrower, lenderKey, _hookedOffer(), tokenId, 1 ether);
    }

    function _assertBlocked(bool attempted, bool reentered, bytes memory error) internal pure {
        assertTrue(attempted, "hook did not run");
        assertFalse(reentered, "re-entry went through");
        assertEq(error, GUARD_ERROR, "not stopped by the re-entrancy guard");
    }

    /*//////////////////////////////////////////////////////////////
                        ERC-721 TRANSFER HOOK (COLLECTION)
    //////////////////////////////////////////////////////////////*/

    function test_repay_collectionReentersRepayOfAnotherLoan_blocked() public {
        (uint256 loanA, ILoanTypes.Loan memory a) = _openHooked(1);
        (uint256 loanB, ILoanTypes.Loan memory b) = _openHooked(2);
        skip(5 days);
        hooked.arm(address(core), abi.encodeCall(core.repay, (loanB, b)), false);

        vm.prank(borrower);
        core.repay(loanA, a);

        _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
        _assertClosed(loanA);
        assertEq(hooked.ownerOf(1), borrower);
        _assertLive(loanB, b);
        assertEq(hooked.ownerOf(2), address(core));
    }

    function test_repay_collectionReentersForeclose_blocked() public {
        (uint256 loanA, ILoanTypes.Loan memory a) = _openHooked(1);
        (uint256 loanB, ILoanTypes.Loan memory b) = _openHooked(2);
        // The attacker controls the collection and holds loan B's lender note; B is in default.
        uint256 lenderNote = core.lenderNoteId(loanB);
        vm.prank(lender);
        core.transferFrom(lender, address(hooked), lenderNote);
        _skipToDefault(b);
        hooked.arm(address(core), abi.encodeCall(core.foreclose, (loanB, b, address(hooked))), false);

        vm.prank(borrower);
        core.repay(loanA, a);

        _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
        _assertLive(loanB, b);
        assertEq(hooked.ownerOf(2), address(core));
        // Outside the hook the same foreclosure is legitimate.
        vm.prank(address(hooked));
        core.foreclose(loanB, b, address(hooked));
        _assertClosed(loanB);
    }

    function test_repay_collectionSeesStateFinalBeforeCollateralLeaves() public {
        (uint256 loanA, ILoanTypes.Loan memory a) = _openHooked(1);
        hooked.arm(address(core), abi.encodeCall(core.loanHash, (loanA)), false);

        vm.prank(borrower);
        core.repay(loanA, a);

        // Views are not guarded: the hook read the loan as already closed (Omni read stale state).
        assertTrue(hooked.reentered());
        assertEq(abi.decode(hooked.reentryError(), (bytes32)), bytes32(0), "loan still open during transfer");
    }

    function test_acceptOffer_collectionReentersAcceptOffer_blocked() public {
        ILoanTypes.LoanOffer memory offer = _hookedOffer();
        offer.capacity = 1 ether;
        bytes memory signature = _signOffer(lenderKey, offer);
        // The collection tries to borrow again from the same offer while the first loan is escrowing.
        vm.prank(borrower);
        hooked.transferFrom(borrower, address(hooked), 2);
        hooked.arm(
            address(core),
            abi.encodeCall(core.acceptOffer, (offer, signature, 2, 1 ether, noProof, address(0), address(0))),
            false
        );

        vm.prank(borrower);
        uint256 loanId = core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));

        _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
        assertEq(core.offerUsed(core.hashOffer(offer)), 1 ether, "capacity used twice");
        assertEq(core.originationConfig().loanCount, loanId, "a second loan was recorded");
        assertEq(hooked.ownerOf(2), address(hooked));
    }

    function test_acceptOffer_collectionReentersRepayOfLoanBeingOpened_blocked() public {
        ILoanTypes.LoanOffer memory offer = _hookedOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        // The loan is recorded before the NFT moves; repaying it from the hook (before the principal is
        // paid out) would hand the NFT back for the principal the borrower has not yet received.
        ILoanTypes.Loan memory expected = ILoanTypes.Loan({
            collateral: address(hooked),
            tokenId: 1,
            collateralAmount: 0,
            currency: address(weth),
            principal: 1 ether,
            carriedInterest: 0,
            aprBps: offer.aprBps,
            feeBps: FEE_BPS,
            defaultMode: offer.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: offer.duration,
            gracePeriod: offer.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: address(0)
        });
        hooked.arm(address(core), abi.encodeCall(core.repay, (1, expected)), false);

        vm.prank(borrower);
        uint256 loanId = core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));

        assertEq(loanId, 1);
        _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
        _assertLive(loanId, expected);
        assertEq(hooked.ownerOf(1), address(core));
    }

    function test_acceptOffer_reentryBubbles_wholeOriginationReverts() public {
        ILoanTypes.LoanOffer memory offer = _hookedOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        hooked.arm(address(core), abi.encodeCall(core.claim, (address(weth), address(hooked))), true);
        uint256 lenderBalance = weth.balanceOf(lender);

        vm.prank(borrower);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));

        assertEq(core.originationConfig().loanCount, 0);
        assertEq(core.offerUsed(core.hashOffer(offer)), 0);
        assertEq(weth.balanceOf(lender), lenderBalance);
        assertEq(hooked.ownerOf(1), borrower);
    }

    function test_repay_collectionReentersExtensionEntries_blocked() public {
        // The extension runs by DELEGATECALL: its guard must share the core's transient slot.
        (uint256 loanA, ILoanTypes.Loan memory a) = _openHooked(1);
        ILoanTypes.LoanOffer memory auctionOffer = _auctionMode(_hookedOffer());
        (uint256 loanB, ILoanTypes.Loan memory b) = _acceptAs(borrower, lenderKey, auctionOffer, 2, 1 ether);
        _skipToDefault(b);
        _recordAs(keeper);
        core.startSale(loanB, b);
        b = _lastLoan();

        bytes[4] memory payloads = [
            abi.encodeCall(core.buy, (loanB, b, type(uint256).max, address(hooked))),
            abi.encodeCall(core.takeOver, (loanB, b, 0, 365 days, 2 days)),
            abi.encodeCall(core.setDelegate, (loanB, b, address(0))),
            abi.encodeCall(core.startSale, (loanB, b))
        ];
        for (uint256 i; i < payloads.length; ++i) {
            uint256 snapshot = vm.snapshotState();
            hooked.arm(address(core), payloads[i], false);
            vm.prank(borrower);
            core.repay(loanA, a);
            _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
            _assertLive(loanB, b);
            assertEq(hooked.ownerOf(2), address(core));
            vm.revertToState(snapshot);
        }
    }

    function test_repay_reentryBubbles_collateralBookedForBorrower() public {
        (uint256 loanA, ILoanTypes.Loan memory a) = _openHooked(1);
        (uint256 loanB, ILoanTypes.Loan memory b) = _openHooked(2);
        hooked.arm(address(core), abi.encodeCall(core.repay, (loanB, b)), true);
        uint256 lenderBalance = weth.balanceOf(lender);
        uint256 debt = _debt(a);

        vm.recordLogs();
        vm.prank(borrower);
        core.repay(loanA, a);
        (bytes32 claimId, address account) = _bookedCollateral(vm.getRecordedLogs());

        // The refused delivery does not undo the repayment: the lender is paid, the NFT is booked.
        _assertClosed(loanA);
        assertEq(weth.balanceOf(lender), lenderBalance + debt);
        assertEq(account, borrower);
        assertEq(core.collateralClaims(claimId), borrower);
        assertEq(hooked.ownerOf(1), address(core));
        _assertLive(loanB, b);

        // Claiming it again from a hook cannot deliver it twice.
        hooked.arm(
            address(core),
            abi.encodeCall(core.claimCollateral, (address(hooked), 1, 0, loanA, attacker)),
            false
        );
        vm.prank(borrower);
        core.claimCollateral(address(hooked), 1, 0, loanA, borrower);
        _assertBlocked(hooked.attempted(), hooked.reentered(), hooked.reentryError());
        assertEq(hooked.ownerOf(1), borrower);
        assertEq(core.collateralClaims(claimId), address(0));
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NoCollateralClaim.selector, claimId));
        core.claimCollateral(address(hooked), 1, 0, loanA, borrower);
    }

    /*//////////////////////////////////////////////////////////////
                    ERC-1155: TOKEN HOOK AND RECEIVER HOOK
    //////////////////////////////////////////////////////////////*/

    function _itemsOffer(address collateral) internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.collateral = collateral;
        offer.collateralAmount = 2;
    }

    function test_acceptOffer_itemsReenterAcceptOffer_blocked() public {
        ILoanTypes.LoanOffer memory offer = _itemsOffer(address(hookedItems));
        bytes memory signature = _signOffer(lenderKey, offer);
        hookedItems.arm(
            address(core),
            abi.encodeCall(core.acceptOffer, (offer, signature, 7, 1 ether, noProof, address(0), address(0))),
            false
        );

        vm.prank(borrower);
        core.acceptOffer(offer, signature, 7, 1 ether, noProof, address(0), address(0));

        _assertBlocked(hookedItems.attempted(), hookedItems.reentered(), hookedItems.reentryError());
        assertEq(hookedItems.balanceOf(address(core), 7), 2);
        assertEq(core.offerUsed(core.hashOffer(offer)), 1 ether);
    }

    function test_repay_receiverHookReenters_blockedAndDelivered() public {
        ReentrantReceiver wallet = _walletWithItems();
        (uint256 loanA, ILoanTypes.Loan memory a) = _walletBorrows(wallet);
        (uint256 loanB, ILoanTypes.Loan memory b) = _walletBorrows(wallet);
        skip(3 days);
        vm.prank(borrower);
        wallet.arm(address(core), abi.encodeCall(core.repay, (loanB, b)), false);

        vm.prank(borrower);
        wallet.execute(address(core), abi.encodeCall(core.repay, (loanA, a)));

        _assertBlocked(wallet.attempted(), wallet.reentered(), wallet.reentryError());
        _assertClosed(loanA);
        _assertLive(loanB, b);
        assertEq(items.balanceOf(address(wallet), 1), 2);
        assertEq(items.balanceOf(address(core), 1), 2);
    }

    function test_repay_receiverHookReentersAndRefuses_collateralBookedThenClaimed() public {
        ReentrantReceiver wallet = _walletWithItems();
        (uint256 loanA, ILoanTypes.Loan memory a) = _walletBorrows(wallet);
        vm.prank(borrower);
        wallet.arm(address(core), abi.encodeCall(core.claim, (address(weth), address(wallet))), true);
        uint256 lenderBalance = weth.balanceOf(lender);
        uint256 debt = _debt(a);

        vm.recordLogs();
        vm.prank(borrower);
        wallet.execute(address(core), abi.encodeCall(core.repay, (loanA, a)));
        (bytes32 claimId, address account) = _bookedCollateral(vm.getRecordedLogs());

        // The hook's revert rolled back its own record; the refusal shows as the booking.
        _assertClosed(loanA);
        assertEq(weth.balanceOf(lender), lenderBalance + debt);
        assertEq(account, address(wallet));
        assertEq(items.balanceOf(address(core), 1), 2);

        // The wallet claims its items to its owner once it is done playing.
        vm.prank(borrower);
        wallet.execute(
            address(core), abi.encodeCall(core.claimCollateral, (address(items), 1, 2, loanA, borrower))
        );
        assertEq(core.collateralClaims(claimId), address(0));
        assertEq(items.balanceOf(borrower, 1), 6 + 2);
        assertEq(items.balanceOf(address(core), 1), 0);
    }

    /// @dev A smart-wallet borrower owned by `borrower`, holding 4 items of id 1 and 10 WETH.
    function _walletWithItems() internal returns (ReentrantReceiver wallet) {
        wallet = new ReentrantReceiver(borrower);
        vm.prank(borrower);
        items.safeTransferFrom(borrower, address(wallet), 1, 4, "");
        deal(address(weth), address(wallet), 10 ether);
        vm.startPrank(borrower);
        wallet.execute(address(items), abi.encodeCall(items.setApprovalForAll, (address(core), true)));
        wallet.execute(address(weth), abi.encodeCall(weth.approve, (address(core), type(uint256).max)));
        vm.stopPrank();
    }

    function _walletBorrows(ReentrantReceiver wallet)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        ILoanTypes.LoanOffer memory offer = _itemsOffer(address(items));
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.recordLogs();
        vm.prank(borrower);
        bytes memory result = wallet.execute(
            address(core),
            abi.encodeCall(core.acceptOffer, (offer, signature, 1, 1 ether, noProof, address(0), address(0)))
        );
        loanId = abi.decode(result, (uint256));
        loan = _lastLoan();
    }
}
