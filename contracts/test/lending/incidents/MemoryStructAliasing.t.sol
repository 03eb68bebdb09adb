// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../../../src/interfaces/IDelegateRegistry.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";
import {RecordingDelegateRegistry} from "./mocks/RecordingDelegateRegistry.sol";
import {Vm} from "forge-std/Test.sol";

/// @notice Bug class: memory struct aliasing. `Loan memory updated = loan;` copies a reference, not the
/// struct: writing `updated.x` also rewrites `loan.x`, so any later read of "the old loan" sees the new
/// values. Found in the loan core's refinance event and delegate change. (Uses a recording delegate
/// registry through LendingBaseTest's `_deployDelegateRegistry` hook; the devnet registry is not built.)
contract MemoryStructAliasingTest is IncidentBaseTest {
    address internal delegateA = makeAddr("delegateA");
    address internal delegateB = makeAddr("delegateB");

    function _deployDelegateRegistry() internal override returns (IDelegateRegistry) {
        return new RecordingDelegateRegistry();
    }

    function _isDelegate(address delegate, uint256 tokenId) internal view returns (bool) {
        return delegateRegistry.checkDelegateForERC721(delegate, address(core), address(nft), tokenId, "");
    }

    /// @dev Fails today: `_refinance` emits `LoanRepaid(..., loan.principal, ...)` after `updated.principal
    /// = principal` has overwritten it, so the event reports the new principal as the principal repaid.
    function test_refinance_loanRepaidEventCarriesOldPrincipal() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(5 days);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.lender = lender2;
        offer.maxPrincipal = 3 ether;
        bytes memory signature = _signOffer(lender2Key, offer);
        (uint256 interest,) = core.debtAt(loan, block.timestamp);
        uint256 fee = interest * loan.feeBps / 10_000;

        vm.recordLogs();
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 3 ether, noProof);
        (uint256 interestPaid, uint256 principalPaid, uint256 feePaid) = _loanRepaid(vm.getRecordedLogs());
        assertEq(interestPaid, interest);
        assertEq(feePaid, fee);
        assertEq(principalPaid, 1 ether, "event reports the new principal as repaid");
    }

    function _loanRepaid(Vm.Log[] memory logs) internal view returns (uint256, uint256, uint256) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(core) && logs[i].topics[0] == ILoanTypes.LoanRepaid.selector) {
                return abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
        revert("no LoanRepaid event");
    }

    /// @dev Fails today: `setDelegate` revokes `loan.delegate` after `updated.delegate = delegate` has
    /// overwritten it, so it revokes the new delegate, then delegates it; the old one is never revoked,
    /// and keeps the core's delegation for this token id after the loan ends (and on any later loan
    /// that escrows the same token).
    function test_setDelegate_revokesPreviousDelegate() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.recordLogs();
        vm.prank(borrower);
        uint256 loanId = core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), delegateA);
        ILoanTypes.Loan memory loan = _lastLoan();
        assertTrue(_isDelegate(delegateA, 1));

        _recordAs(borrower);
        core.setDelegate(loanId, loan, delegateB);
        loan = _lastLoan();
        assertTrue(_isDelegate(delegateB, 1), "new delegate not set");
        assertFalse(_isDelegate(delegateA, 1), "previous delegate still delegated");

        vm.prank(borrower);
        core.repay(loanId, loan);
        assertFalse(_isDelegate(delegateA, 1), "delegation outlives the loan");
        assertFalse(_isDelegate(delegateB, 1));
    }

    /// @dev Fails today for the same reason: `setDelegate(…, address(0))` never revokes anything.
    function test_setDelegate_toZeroRevokes() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.recordLogs();
        vm.prank(borrower);
        uint256 loanId = core.acceptOffer(offer, signature, 1, 1 ether, noProof, address(0), delegateA);
        ILoanTypes.Loan memory loan = _lastLoan();

        vm.prank(borrower);
        core.setDelegate(loanId, loan, address(0));
        assertFalse(_isDelegate(delegateA, 1), "revocation did not revoke");
    }
}
