// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingBaseTest} from "../LendingBaseTest.sol";
import {LoanCoreHandler} from "./handlers/LoanCoreHandler.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";

/// @notice Invariants of the loan core under random sequences of every loan action (see
/// docs/invariants.md, "Loan core"). The handler models each loan independently and predicts each
/// call's outcome; these checks compare the model and the core after every call.
contract LoanCoreInvariantTest is LendingBaseTest {
    LoanCoreHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new LoanCoreHandler(core, weth, usd, nft, items, treasury);
        handler.seed();

        // The fuzzer picks uniformly from this list, so an action listed n times runs n times as often:
        // originations and the default path are weighted up so that runs reach sales and foreclosures,
        // blacklisting and claims so that booked payments are made and withdrawn.
        bytes4[33] memory weighted = [
            LoanCoreHandler.acceptOffer.selector,
            LoanCoreHandler.acceptOffer.selector,
            LoanCoreHandler.acceptOffer.selector,
            LoanCoreHandler.acceptOffer.selector,
            LoanCoreHandler.fillRequest.selector,
            LoanCoreHandler.fillRequest.selector,
            LoanCoreHandler.repay.selector,
            LoanCoreHandler.repayPartial.selector,
            LoanCoreHandler.refinance.selector,
            LoanCoreHandler.takeOver.selector,
            LoanCoreHandler.renegotiate.selector,
            LoanCoreHandler.callLoan.selector,
            LoanCoreHandler.callLoan.selector,
            LoanCoreHandler.auctionTakeover.selector,
            LoanCoreHandler.auctionTakeover.selector,
            LoanCoreHandler.startSale.selector,
            LoanCoreHandler.startSale.selector,
            LoanCoreHandler.buy.selector,
            LoanCoreHandler.buy.selector,
            LoanCoreHandler.foreclose.selector,
            LoanCoreHandler.foreclose.selector,
            LoanCoreHandler.claim.selector,
            LoanCoreHandler.claim.selector,
            LoanCoreHandler.transferNote.selector,
            LoanCoreHandler.cancelOffer.selector,
            LoanCoreHandler.actOnClosedLoan.selector,
            LoanCoreHandler.warp.selector,
            LoanCoreHandler.warp.selector,
            LoanCoreHandler.warp.selector,
            LoanCoreHandler.setBlacklisted.selector,
            LoanCoreHandler.setBlacklisted.selector,
            LoanCoreHandler.setProtocolFee.selector,
            LoanCoreHandler.setPaused.selector
        ];
        bytes4[] memory selectors = new bytes4[](weighted.length);
        for (uint256 i; i < weighted.length; ++i) {
            selectors[i] = weighted[i];
        }
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Every call did what the model predicted: the same success, or a revert with the same error.
    function invariant_everyCallMatchesTheModel() public view {
        assertEq(handler.ghostMismatches(), 0, handler.firstMismatch());
        assertEq(core.originationConfig().loanCount, handler.ghostLoanCount(), "loan count");
    }

    /// @dev Each escrowed NFT backs exactly one live loan: the core holds an ERC-721 token iff one live
    /// loan has it as collateral (never two), and holds of each ERC-1155 id exactly the sum of the live
    /// loans' amounts. (No delivery fails in this world, so no collateral is booked.)
    function invariant_escrowMatchesLiveLoans() public view {
        uint256 count = handler.liveCount();
        uint256[] memory loansOnNft = new uint256[](handler.NFT_COUNT());
        uint256[] memory itemsEscrowed = new uint256[](handler.ITEM_KINDS());
        uint256 nftLoans;
        for (uint256 i; i < count; ++i) {
            ILoanTypes.Loan memory loan = handler.liveLoan(i).loan;
            if (loan.collateral == address(nft)) {
                ++loansOnNft[loan.tokenId - handler.NFT_FIRST_ID()];
                ++nftLoans;
            } else {
                itemsEscrowed[loan.tokenId - handler.ITEM_FIRST_ID()] += loan.collateralAmount;
            }
        }
        for (uint256 i; i < loansOnNft.length; ++i) {
            assertLe(loansOnNft[i], 1, "one NFT backs two loans");
            bool escrowed = nft.ownerOf(handler.NFT_FIRST_ID() + i) == address(core);
            assertEq(escrowed, loansOnNft[i] == 1, "escrow differs from live loans");
        }
        assertEq(nft.balanceOf(address(core)), nftLoans, "ERC-721 tokens held");
        for (uint256 i; i < itemsEscrowed.length; ++i) {
            assertEq(
                items.balanceOf(address(core), handler.ITEM_FIRST_ID() + i), itemsEscrowed[i], "ERC-1155 held"
            );
        }
    }

    /// @dev Collateral that left the core went where the model says: a repaid loan's to the borrower-note
    /// holder, a sold or foreclosed loan's to the chosen recipient; nothing else moved.
    function invariant_collateralWentToTheRightHolder() public view {
        for (uint256 i; i < handler.NFT_COUNT(); ++i) {
            uint256 tokenId = handler.NFT_FIRST_ID() + i;
            assertEq(nft.ownerOf(tokenId), handler.ghostNftOwner(tokenId), "ERC-721 holder");
        }
        address[3] memory holders = handler.borrowers();
        for (uint256 b; b < holders.length; ++b) {
            for (uint256 k; k < handler.ITEM_KINDS(); ++k) {
                uint256 id = handler.ITEM_FIRST_ID() + k;
                assertEq(
                    items.balanceOf(holders[b], id), handler.ghostItems(holders[b], id), "ERC-1155 balance"
                );
            }
        }
    }

    /// @dev The core holds exactly the booked (claimable) balances of each currency and nothing else, and
    /// each account's booking equals the model's.
    function invariant_currencyHeldEqualsClaimable() public view {
        address[8] memory accounts = handler.accounts();
        address[2] memory currencies = [address(weth), address(usd)];
        for (uint256 c; c < currencies.length; ++c) {
            uint256 booked;
            for (uint256 a; a < accounts.length; ++a) {
                uint256 claimable = core.claimable(accounts[a], currencies[c]);
                assertEq(claimable, handler.ghostClaimable(accounts[a], currencies[c]), "claimable");
                booked += claimable;
            }
            assertEq(_balanceOf(currencies[c], address(core)), booked, "core balance != sum of claimables");
        }
    }

    /// @dev Every payment went where the model says: each actor's balance of each currency equals the
    /// model's (principal out and in, debt minus fee to the lender, fee to the treasury, surplus to the
    /// borrower, claims), so nothing is paid twice, skipped or misrouted.
    function invariant_balancesFollowPayments() public view {
        address[9] memory holders = handler.balanceHolders();
        address[2] memory currencies = [address(weth), address(usd)];
        for (uint256 c; c < currencies.length; ++c) {
            for (uint256 a; a < holders.length; ++a) {
                assertEq(
                    _balanceOf(currencies[c], holders[a]),
                    handler.ghostBalance(holders[a], currencies[c]),
                    "balance"
                );
            }
        }
    }

    /// @dev Offer fills never exceed capacity, across acceptOffer and refinance; cancelled offers read as
    /// spent; filled borrow requests are spent.
    function invariant_offerFillsWithinCapacity() public view {
        uint256 count = handler.offerCount();
        for (uint256 i; i < count; ++i) {
            (bytes32 digest, uint256 used, uint256 capacity, bool cancelled) = handler.offerState(i);
            uint256 stored = core.offerUsed(digest);
            if (cancelled) {
                assertEq(stored, type(uint256).max, "cancelled offer still active");
            } else {
                assertEq(stored, used, "offer used");
                assertLe(stored, capacity, "offer over capacity");
            }
        }
        uint256 requests = handler.requestCount();
        for (uint256 i; i < requests; ++i) {
            assertEq(core.offerUsed(handler.requestDigest(i)), type(uint256).max, "request reusable");
        }
    }

    /// @dev Interest never exceeds principal x APR x time: for every live loan, the interest owed plus
    /// the interest paid since origination (or refinance) lies between the exact (floored) accrual of
    /// each segment of its history and that plus one unit per segment (rounding up, once per checkpoint).
    function invariant_interestWithinAprBound() public view {
        uint256 count = handler.liveCount();
        for (uint256 i; i < count; ++i) {
            LoanCoreHandler.GhostLoan memory ghost = handler.liveLoan(i);
            ILoanTypes.Loan memory loan = ghost.loan;
            (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);
            uint256 exact = ghost.accruedFloor + loan.principal * loan.aprBps
                * (block.timestamp - loan.accrualStart) / (10_000 * 365 days);
            assertGe(interest + ghost.interestPaid, exact, "interest below accrual");
            assertLe(
                interest + ghost.interestPaid, exact + ghost.closedSegments + 1, "interest above APR bound"
            );
            assertEq(debt, loan.principal + interest, "debt");
            (uint256 modelInterest,) = handler.modelDebt(loan, block.timestamp);
            assertEq(interest, modelInterest, "interest differs from the model");
        }
    }

    /// @dev Closed loans stay closed: no hash, both notes burned, and every action tried on one reverted.
    function invariant_closedLoansAreInert() public view {
        assertEq(handler.ghostClosedLoanSuccesses(), 0, "an action on a closed loan succeeded");
        uint256 count = handler.closedCount();
        for (uint256 i; i < count; ++i) {
            uint256 loanId = handler.closedLoan(i).id;
            assertEq(core.loanHash(loanId), bytes32(0), "closed loan has a hash");
            assertFalse(_noteExists(core.lenderNoteId(loanId)), "lender note of a closed loan");
            assertFalse(_noteExists(core.borrowerNoteId(loanId)), "borrower note of a closed loan");
        }
    }

    /// @dev Each live loan has exactly one lender note and one borrower note, held by the model's holders,
    /// no other note exists, and the stored hash is the hash of the model's loan.
    function invariant_liveLoansHaveNotesAndModelHash() public view {
        uint256 count = handler.liveCount();
        for (uint256 i; i < count; ++i) {
            LoanCoreHandler.GhostLoan memory ghost = handler.liveLoan(i);
            assertEq(core.loanHash(ghost.id), keccak256(abi.encode(ghost.loan)), "stored hash != model");
            assertEq(core.ownerOf(core.lenderNoteId(ghost.id)), ghost.lender, "lender note holder");
            assertEq(core.ownerOf(core.borrowerNoteId(ghost.id)), ghost.borrower, "borrower note holder");
        }
        address[8] memory accounts = handler.accounts();
        uint256 notes;
        for (uint256 a; a < accounts.length; ++a) {
            notes += core.balanceOf(accounts[a]);
        }
        assertEq(notes, 2 * count, "notes outstanding");
    }

    /// @dev Logs how often each action ran, succeeded, was rejected as predicted, or found nothing to do
    /// (run with -vv: the last run's counts). With LOAN_CORE_INVARIANT_STATS set to a writable file (see
    /// fs_permissions), every run appends its counts there, to total them over a campaign.
    function afterInvariant() external {
        string[20] memory names = [
            "acceptOffer",
            "fillRequest",
            "repay",
            "repayPartial",
            "refinance",
            "takeOver",
            "renegotiate",
            "callLoan",
            "auctionTakeover",
            "startSale",
            "buy",
            "foreclose",
            "claim",
            "transferNote",
            "cancelOffer",
            "actOnClosedLoan",
            "warp",
            "setBlacklisted",
            "setProtocolFee",
            "setPaused"
        ];
        string memory statsFile = vm.envOr("LOAN_CORE_INVARIANT_STATS", string(""));
        emit log("action calls succeeded rejected skipped");
        for (uint256 i; i < names.length; ++i) {
            LoanCoreHandler.Stats memory s = handler.stats(LoanCoreHandler.Action(i));
            string memory line = string.concat(
                names[i],
                " ",
                vm.toString(s.calls),
                " ",
                vm.toString(s.succeeded),
                " ",
                vm.toString(s.rejected),
                " ",
                vm.toString(s.skipped)
            );
            emit log(line);
            if (bytes(statsFile).length != 0) vm.writeLine(statsFile, line);
        }
        string memory loans = string.concat(
            "loans live ", vm.toString(handler.liveCount()), " closed ", vm.toString(handler.closedCount())
        );
        emit log(loans);
        if (bytes(statsFile).length != 0) vm.writeLine(statsFile, loans);
    }

    function _balanceOf(address token, address account) internal view returns (uint256) {
        return token == address(weth) ? weth.balanceOf(account) : usd.balanceOf(account);
    }

    function _noteExists(uint256 noteId) internal view returns (bool) {
        try core.ownerOf(noteId) returns (address) {
            return true;
        } catch {
            return false;
        }
    }
}
