// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Bug class: tokens sent straight to a contract that cannot give them back. The core has no
/// rescue path (by design: no admin path moves funds or collateral), so anything it accepts outside a
/// loan is lost: NFTs sent with safe transfers must bounce, and a note must not end up held by the core
/// (its payments would be paid to, and stranded in, the core).
contract StrayTransfersTest is IncidentBaseTest {
    function test_safeTransferErc721ToCore_bounces() public {
        vm.expectRevert();
        vm.prank(borrower);
        nft.safeTransferFrom(borrower, address(core), 1);
        assertEq(nft.ownerOf(1), borrower);
    }

    /// @dev Fails today: the core's `onERC1155Received` accepts any transfer, so items sent directly are
    /// stuck. Suggested fix: accept only transfers the core itself started (`operator == address(this)`,
    /// as in `_escrow`), like the WETH gateway's receiver.
    function test_safeTransferErc1155ToCore_bounces() public {
        vm.expectRevert();
        vm.prank(borrower);
        items.safeTransferFrom(borrower, address(core), 1, 1, "");
        assertEq(items.balanceOf(address(core), 1), 0);
    }

    function test_escrowErc1155_stillAccepted() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.collateral = address(items);
        offer.collateralAmount = 3;
        _accept(offer, 1, 1 ether);
        assertEq(items.balanceOf(address(core), 1), 3);
    }

    /// @dev Fails today: a note can be transferred to the core itself. A lender note held by the core
    /// would route the borrower's repayment into the core, unbooked and unrecoverable, and nobody could
    /// foreclose. Suggested fix: refuse note transfers to `address(this)` (`_beforeTokenTransfer`).
    function test_transferNoteToCore_reverts() public {
        (uint256 loanId,) = _openLoan();
        uint256 lenderNote = core.lenderNoteId(loanId);
        vm.expectRevert();
        vm.prank(lender);
        core.transferFrom(lender, address(core), lenderNote);
        assertEq(_lenderOf(loanId), lender);
    }
}
