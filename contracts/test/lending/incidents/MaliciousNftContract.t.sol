// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";
import {HostileCollection} from "./mocks/HostileCollection.sol";
import {HostileItems} from "./mocks/HostileItems.sol";

/// @notice Incident class: a malicious or broken NFT contract (ILoanCore: "an NFT contract can behave
/// arbitrarily; lenders choose which collections they accept"). Escrow must check the NFT arrived;
/// release must never block settlement (a refused delivery is booked for the recipient to claim); and
/// a hostile collection must not reach loans on other collections or other tokens.
contract MaliciousNftContractTest is IncidentBaseTest {
    HostileCollection internal hostile;
    HostileItems internal hostileItems;

    function setUp() public override {
        super.setUp();
        hostile = new HostileCollection();
        hostileItems = new HostileItems();
        for (uint256 id = 1; id <= 3; ++id) {
            hostile.mint(borrower, id);
        }
        hostileItems.mint(borrower, 7, 10);
        vm.startPrank(borrower);
        hostile.setApprovalForAll(address(core), true);
        hostileItems.setApprovalForAll(address(core), true);
        vm.stopPrank();
        _fund(attacker, 1000 ether, 1_000_000e6);
    }

    function _hostileOffer(address lenderAddress) internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.lender = lenderAddress;
        offer.collateral = address(hostile);
    }

    function _hostileItemsOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.collateral = address(hostileItems);
        offer.collateralAmount = 3;
    }

    /*//////////////////////////////////////////////////////////////
                                 ESCROW
    //////////////////////////////////////////////////////////////*/

    function test_acceptOffer_transferReturnsWithoutMoving_reverts() public {
        hostile.setSilentTransfers(true);
        ILoanTypes.LoanOffer memory offer = _hostileOffer(lender);
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(hostile), 1)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));
        assertEq(core.offerUsed(core.hashOffer(offer)), 0);
        assertEq(core.originationConfig().loanCount, 0);
    }

    function test_acceptOffer_itemsTransferReturnsWithoutMoving_reverts() public {
        // The core already holds 3 items of the id for another loan: only a balance increase counts.
        ILoanTypes.LoanOffer memory offer = _hostileItemsOffer();
        _accept(offer, 7, 1 ether);
        hostileItems.setSilentTransfers(true);
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(hostileItems), 7)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 7, 1 ether, noProof, address(0), address(0));
    }

    function test_acceptOffer_ownerOfDeniesArrival_reverts() public {
        hostile.setFakeOwner(borrower);
        ILoanTypes.LoanOffer memory offer = _hostileOffer(lender);
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(hostile), 1)
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));
    }

    /// @dev A collection whose transfer moves nothing while `ownerOf` then reports the core can fake the
    /// escrow: the loss stays with the lender who accepted that collection (ILoanCore's warning); loans
    /// on other collections are untouched.
    function test_acceptOffer_ownerOfLies_lossConfinedToThatCollection() public {
        (uint256 honestId, ILoanTypes.Loan memory honest) = _openLoan();
        hostile.setClaimArrival(true);
        (uint256 fakeId, ILoanTypes.Loan memory fake) =
            _acceptAs(borrower, lender2Key, _hostileOffer(lender2), 1, 1 ether);
        hostile.setClaimArrival(false);
        hostile.setFakeOwner(address(0));
        assertEq(hostile.ownerOf(1), borrower, "nothing was escrowed");

        _skipToDefault(fake);
        vm.prank(lender2);
        core.foreclose(fakeId, fake, lender2);
        _assertClosed(fakeId);
        _assertLive(honestId, honest);
        assertEq(nft.ownerOf(1), address(core));
    }

    /// @dev A pre-standard collection whose `transferFrom` returns instead of reverting when the caller
    /// may not move the token: the core already holds token 1 for loan A, so the arrival check passes
    /// for a second loan B on the same token, taken by someone who never owned it. `_escrow` must reject
    /// an ERC-721 the core already holds before transferring (fixed after this test first failed).
    function test_acceptOffer_tokenAlreadyEscrowed_cannotBackSecondLoan() public {
        hostile.setSilentWhenUnauthorized(true);
        _acceptAs(borrower, lenderKey, _hostileOffer(lender), 1, 1 ether);
        assertEq(hostile.ownerOf(1), address(core));

        ILoanTypes.LoanOffer memory offer = _hostileOffer(lender2);
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.CollateralNotReceived.selector, address(hostile), 1)
        );
        vm.prank(attacker);
        core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), address(0));
    }

    /*//////////////////////////////////////////////////////////////
                                 RELEASE
    //////////////////////////////////////////////////////////////*/

    function _blockRelease() internal {
        hostile.setBlockedSender(address(core));
    }

    /// @dev The collateral booking in the logs recorded since `vm.recordLogs()`.
    function _booked() internal returns (bytes32 claimId, address account) {
        return _bookedCollateral(vm.getRecordedLogs());
    }

    function test_repay_transferOutReverts_settlesAndBooksForBorrower() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) =
            _acceptAs(borrower, lenderKey, _hostileOffer(lender), 1, 1 ether);
        skip(5 days);
        _blockRelease();
        uint256 debt = _debt(loan);
        (, uint256 fee) = _interestAndFee(loan);
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.recordLogs();
        vm.prank(borrower);
        core.repay(loanId, loan);
        (bytes32 claimId, address account) = _booked();

        _assertClosed(loanId);
        assertEq(weth.balanceOf(lender) - lenderBefore, debt - fee);
        assertEq(account, borrower);
        assertEq(core.collateralClaims(claimId), borrower);

        // Only the booked account may claim, once the collection lets the NFT go.
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NoCollateralClaim.selector, claimId));
        vm.prank(attacker);
        core.claimCollateral(address(hostile), 1, 0, loanId, attacker);
        vm.expectRevert("transfer out blocked");
        vm.prank(borrower);
        core.claimCollateral(address(hostile), 1, 0, loanId, borrower);
        hostile.setBlockedSender(address(0));
        vm.prank(borrower);
        core.claimCollateral(address(hostile), 1, 0, loanId, borrower);
        assertEq(hostile.ownerOf(1), borrower);
        assertEq(core.collateralClaims(claimId), address(0));
    }

    function test_repay_transferOutReturnBomb_settlesAndBooks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) =
            _acceptAs(borrower, lenderKey, _hostileOffer(lender), 1, 1 ether);
        _blockRelease();
        hostile.setBombOnBlocked(true);
        vm.recordLogs();
        vm.prank(borrower);
        core.repay{gas: 300_000}(loanId, loan);
        (, address account) = _booked();
        assertEq(account, borrower);
        _assertClosed(loanId);
    }

    function test_foreclose_transferOutReverts_booksForRecipient() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) =
            _acceptAs(borrower, lenderKey, _hostileOffer(lender), 1, 1 ether);
        _skipToDefault(loan);
        _blockRelease();
        vm.recordLogs();
        vm.prank(lender);
        core.foreclose(loanId, loan, lender2);
        (, address account) = _booked();
        assertEq(account, lender2);
        _assertClosed(loanId);
        hostile.setBlockedSender(address(0));
        vm.prank(lender2);
        core.claimCollateral(address(hostile), 1, 0, loanId, lender2);
        assertEq(hostile.ownerOf(1), lender2);
    }

    function test_buy_transferOutReverts_booksForBuyer() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) =
            _acceptAs(borrower, lenderKey, _auctionMode(_hostileOffer(lender)), 1, 1 ether);
        _skipToDefault(loan);
        _recordAs(keeper);
        core.startSale(loanId, loan);
        loan = _lastLoan();
        _blockRelease();
        vm.recordLogs();
        vm.prank(attacker);
        core.buy(loanId, loan, type(uint256).max, attacker);
        (, address account) = _booked();
        assertEq(account, attacker);
        _assertClosed(loanId);
    }

    function test_repay_itemsTransferOutReverts_booksExactAmount() public {
        ILoanTypes.LoanOffer memory offer = _hostileItemsOffer();
        (uint256 loanA, ILoanTypes.Loan memory a) = _accept(offer, 7, 1 ether);
        (uint256 loanB, ILoanTypes.Loan memory b) = _accept(offer, 7, 1 ether);
        hostileItems.setBlockedSender(address(core));
        vm.recordLogs();
        vm.prank(borrower);
        core.repay(loanA, a);
        (bytes32 claimId,) = _booked();
        assertEq(hostileItems.balanceOf(address(core), 7), 6);
        hostileItems.setBlockedSender(address(0));

        // Claims are per loan: loan B's items cannot be pulled through loan A's claim, nor twice.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NoCollateralClaim.selector,
                keccak256(abi.encode(address(hostileItems), 7, 6, loanA))
            )
        );
        vm.prank(borrower);
        core.claimCollateral(address(hostileItems), 7, 6, loanA, borrower);
        vm.prank(borrower);
        core.claimCollateral(address(hostileItems), 7, 3, loanA, borrower);
        assertEq(core.collateralClaims(claimId), address(0));
        assertEq(hostileItems.balanceOf(address(core), 7), 3);
        _assertLive(loanB, b);
    }
}
