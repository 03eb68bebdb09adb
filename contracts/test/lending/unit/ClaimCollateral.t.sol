// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";
import {BlockingCollection} from "./mocks/BlockingCollection.sol";
import {NoReceiver} from "./mocks/NoReceiver.sol";

/// @dev Collateral whose delivery fails is booked for its recipient, who claims it later.
contract ClaimCollateralTest is UnitBase {
    BlockingCollection internal blocking;

    function setUp() public override {
        super.setUp();
        blocking = new BlockingCollection(owner);
        vm.prank(owner);
        blocking.mint(borrower, 7);
        vm.prank(borrower);
        blocking.setApprovalForAll(address(core), true);
    }

    function _blockingLoan() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.collateral = address(blocking);
        return _accept(offer, 7, 1 ether);
    }

    function _block(address account, bool blocked) internal {
        vm.prank(owner);
        blocking.setBlocked(account, blocked);
    }

    function _claimId(address collateral, uint256 tokenId, uint256 amount, uint256 loanId)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(collateral, tokenId, amount, loanId));
    }

    function test_claimCollateral_repayBooksAnNftThatCannotBeDelivered() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        bytes32 claimId = _claimId(address(blocking), 7, 0, loanId);

        vm.expectEmit(address(core));
        emit ILoanTypes.CollateralBooked(claimId, borrower, address(blocking), 7, 0);
        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(blocking.ownerOf(7), address(core), "kept by the core");
        assertEq(core.collateralClaims(claimId), borrower, "booked for the borrower");
        _assertClosed(loanId);
    }

    function test_claimCollateral_deliversToAnotherAddress() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        bytes32 claimId = _claimId(address(blocking), 7, 0, loanId);
        address vault = makeAddr("vault");

        vm.expectEmit(address(core));
        emit ILoanTypes.CollateralClaimed(claimId, borrower, vault);
        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 0, loanId, vault);

        assertEq(blocking.ownerOf(7), vault, "delivered");
        assertEq(core.collateralClaims(claimId), address(0), "claim cleared");
    }

    function test_claimCollateral_toTheBorrowerOnceUnblocked() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _block(borrower, false);

        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 0, loanId, borrower);

        assertEq(blocking.ownerOf(7), borrower, "delivered");
    }

    function test_claimCollateral_revertsForAnotherCaller() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        bytes32 claimId = _claimId(address(blocking), 7, 0, loanId);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NoCollateralClaim.selector, claimId));
        vm.prank(attacker);
        core.claimCollateral(address(blocking), 7, 0, loanId, attacker);
    }

    function test_claimCollateral_revertsTheSecondTime() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 0, loanId, lender2);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NoCollateralClaim.selector, _claimId(address(blocking), 7, 0, loanId)
            )
        );
        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 0, loanId, lender2);
    }

    function test_claimCollateral_revertsForAnotherLoanId() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NoCollateralClaim.selector, _claimId(address(blocking), 7, 0, loanId + 1)
            )
        );
        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 0, loanId + 1, borrower);
    }

    function test_claimCollateral_revertsForAnEscrowedLoanNft() public {
        (uint256 loanId,) = _openLoan();

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NoCollateralClaim.selector, _claimId(address(nft), 1, 0, loanId)
            )
        );
        vm.prank(borrower);
        core.claimCollateral(address(nft), 1, 0, loanId, borrower);
    }

    function test_claimCollateral_forecloseToABlockedAddressBooksForIt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        address blockedVault = makeAddr("blockedVault");
        _block(blockedVault, true);
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, blockedVault);

        bytes32 claimId = _claimId(address(blocking), 7, 0, loanId);
        assertEq(core.collateralClaims(claimId), blockedVault, "booked for `to`");
        vm.prank(blockedVault);
        core.claimCollateral(address(blocking), 7, 0, loanId, lender);
        assertEq(blocking.ownerOf(7), lender, "claimed");
    }

    function test_claimCollateral_erc1155ToAHolderWithoutReceiverHook() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_itemsOffer(), 1, 1 ether);
        NoReceiver holder = new NoReceiver();
        _transferBorrowerNote(loanId, address(holder));
        bytes32 claimId = _claimId(address(items), 1, 3, loanId);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(core.collateralClaims(claimId), address(holder), "booked for the note holder");
        assertEq(items.balanceOf(address(core), 1), 3, "kept by the core");
        vm.prank(address(holder));
        core.claimCollateral(address(items), 1, 3, loanId, borrower);
        assertEq(items.balanceOf(borrower, 1), 10, "delivered");
    }

    function test_claimCollateral_bookedNftIsNotReleasedToAnyoneElse() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _blockingLoan();
        _block(borrower, true);
        vm.prank(borrower);
        core.repay(loanId, loan);

        // The claim is bound to its amount: an ERC-1155-style claim with another amount does not match.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.NoCollateralClaim.selector, _claimId(address(blocking), 7, 1, loanId)
            )
        );
        vm.prank(borrower);
        core.claimCollateral(address(blocking), 7, 1, loanId, borrower);
    }
}
