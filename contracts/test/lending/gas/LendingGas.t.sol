// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingBaseTest} from "../LendingBaseTest.sol";

/// @notice Execution gas of each loan operation in a warm state (accounts and the offer used before),
/// written to snapshots/lending.json and checked in CI (FORGE_SNAPSHOT_CHECK). What the user pays,
/// with intrinsic and calldata gas, is measured on anvil by `npm run bench`.
contract LendingGasTest is LendingBaseTest {
    ILoanTypes.LoanOffer internal offer;
    bytes internal offerSignature;

    function setUp() public override {
        super.setUp();
        offer = _collectionOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Foreclose;
        offerSignature = _signOffer(lenderKey, offer);
        // Warm state: another live loan from the same offer, so the offer's slot, the parties' note
        // balances and the core's NFT balance are not fresh (a protocol in use).
        _accept(offer, 5, 1 ether);
        skip(1 days);
    }

    function _acceptMeasured(uint256 tokenId) internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        vm.recordLogs();
        vm.prank(borrower);
        loanId = core.acceptOffer(
            offer, offerSignature, tokenId, 1 ether, new bytes32[](0), address(0), address(0)
        );
        vm.snapshotGasLastCall("lending", "acceptOffer.collection");
        loan = _lastLoan();
    }

    function test_gas_acceptOfferCollection() public {
        _acceptMeasured(1);
    }

    function test_gas_repayFull() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptMeasured(1);
        skip(10 days);
        vm.prank(borrower);
        core.repay(loanId, loan);
        vm.snapshotGasLastCall("lending", "repay.full");
    }

    function test_gas_repayPartial() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptMeasured(1);
        skip(10 days);
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.5 ether);
        vm.snapshotGasLastCall("lending", "repay.partial");
    }

    function test_gas_foreclose() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptMeasured(1);
        skip(32 days);
        vm.prank(lender);
        core.foreclose(loanId, loan, address(0));
        vm.snapshotGasLastCall("lending", "foreclose");
    }

    function test_gas_refinance() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptMeasured(1);
        skip(10 days);
        ILoanTypes.LoanOffer memory better = _collectionOffer();
        better.lender = lender2;
        better.aprBps = 800;
        bytes memory signature = _signOffer(lender2Key, better);
        vm.prank(borrower);
        core.refinance(loanId, loan, better, signature, 1 ether, new bytes32[](0));
        vm.snapshotGasLastCall("lending", "refinance");
    }

    function test_gas_callAndAuctionTakeover() public {
        offer.duration = 0;
        offerSignature = _signOffer(lenderKey, offer);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _acceptMeasured(1);
        skip(4 days);
        vm.recordLogs();
        vm.prank(lender);
        core.callLoan(loanId, loan);
        vm.snapshotGasLastCall("lending", "call");
        loan = _lastLoan();
        skip(1 days);
        uint32 ceiling = uint32(core.refinancingCeiling(loan, block.timestamp));
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, ceiling);
        vm.snapshotGasLastCall("lending", "auctionTakeover");
    }
}
