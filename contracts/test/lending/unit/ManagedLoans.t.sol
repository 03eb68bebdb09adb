// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";
import {PoolLender} from "./mocks/PoolLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice DefaultMode.Managed: loans from a contract lender that manages their risk itself (pools). The
/// lender hears of every payment, may take the NFT whenever its own rules say so, and nobody else can
/// change who holds the loan or on which terms.
contract ManagedLoansTest is UnitBase {
    uint8 internal constant CLOSED_LIQUIDATED = 3;

    PoolLender internal pool;

    function setUp() public override {
        super.setUp();
        pool = new PoolLender(_asCore(), IERC20(address(weth)));
        vm.deal(address(pool), 50 ether);
        vm.prank(address(pool));
        weth.deposit{value: 50 ether}();
    }

    function _terms() internal view returns (ILoanTypes.LoanTerms memory) {
        return ILoanTypes.LoanTerms({
            collateral: address(nft),
            tokenId: 1,
            collateralAmount: 0,
            currency: address(weth),
            principal: 2 ether,
            aprBps: 1200,
            duration: 30 days,
            gracePeriod: 0,
            defaultMode: ILoanTypes.DefaultMode.Managed,
            delegate: address(0)
        });
    }

    function _borrow() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        vm.recordLogs();
        vm.prank(borrower);
        loanId = core.borrowFrom(address(pool), _terms(), "");
        loan = _lastLoan();
    }

    function _lastRepayment() internal view returns (PoolLender.Repayment memory r) {
        (r.loanId, r.received, r.principal, r.carriedInterest, r.balance) =
            pool.repayments(pool.repaymentCount() - 1);
    }

    /*//////////////////////////////////////////////////////////////
                           PAYMENT NOTIFICATIONS
    //////////////////////////////////////////////////////////////*/

    function test_repay_notifiesTheManagingLenderAfterPaying() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(10 days);
        uint256 interest = _interest(2 ether, 1200, 10 days);
        uint256 balanceBefore = weth.balanceOf(address(pool));

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(pool.repaymentCount(), 1, "notified once");
        PoolLender.Repayment memory r = _lastRepayment();
        assertEq(r.loanId, loanId, "loan id");
        assertEq(r.received, 2 ether + interest - _feeOn(interest, FEE_BPS), "received net of fee");
        assertEq(r.principal, 0, "nothing left");
        assertEq(r.carriedInterest, 0, "no carried interest");
        assertEq(r.balance, balanceBefore + r.received, "paid before the notification");
        assertEq(nft.ownerOf(1), borrower, "NFT back");
        _assertClosed(loanId);
    }

    function test_repayPartial_reportsTheRemainingClaim() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(10 days);
        uint256 interest = _interest(2 ether, 1200, 10 days);

        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, interest + 0.5 ether);

        PoolLender.Repayment memory r = _lastRepayment();
        assertEq(r.received, interest - _feeOn(interest, FEE_BPS) + 0.5 ether, "received");
        assertEq(r.principal, 1.5 ether, "principal left");
        assertEq(r.carriedInterest, 0, "interest paid");
        assertEq(updated.principal, r.principal, "matches the loan");
    }

    function test_repayPartial_belowInterestReportsCarriedInterest() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(10 days);
        uint256 interest = _interest(2 ether, 1200, 10 days);

        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, interest / 2);

        PoolLender.Repayment memory r = _lastRepayment();
        assertEq(r.principal, 2 ether, "principal untouched");
        assertEq(r.carriedInterest, interest - interest / 2, "unpaid interest carried");
        assertEq(updated.carriedInterest, r.carriedInterest, "matches the loan");
    }

    function test_repayPartial_ofTheWholeDebtNotifiesOnceAsClosed() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(3 days);
        uint256 debt = _debt(loan);

        vm.prank(borrower);
        core.repayPartial(loanId, loan, debt);

        assertEq(pool.repaymentCount(), 1, "once");
        assertEq(_lastRepayment().principal, 0, "closed");
        _assertClosed(loanId);
    }

    function test_refinance_awayFromTheLenderNotifiesItAsRepaid() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(5 days);
        uint256 interest = _interest(2 ether, 1200, 5 days);
        ILoanTypes.LoanOffer memory offer = _tokenOffer(1);
        offer.minPrincipal = 2 ether;
        offer.maxPrincipal = 2 ether;
        bytes memory signature = _signOffer(lenderKey, offer);

        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 2 ether, _noProof());

        PoolLender.Repayment memory r = _lastRepayment();
        assertEq(r.received, 2 ether + interest - _feeOn(interest, FEE_BPS), "paid in full");
        assertEq(r.principal, 0, "no longer its loan");
        assertEq(_lenderOf(loanId), lender, "new lender");
    }

    function test_repay_revertsWhenTheLenderRejectsTheNotification() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        pool.setRejectRepayments(true);
        vm.expectRevert(PoolLender.Declined.selector);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _assertStored(loanId, loan);
    }

    function test_repay_ofOtherModesDoesNotNotify() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.defaultMode = ILoanTypes.DefaultMode.Foreclose;
        vm.recordLogs();
        vm.prank(borrower);
        uint256 loanId = core.borrowFrom(address(pool), terms, "");
        ILoanTypes.Loan memory loan = _lastLoan();

        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(pool.repaymentCount(), 0, "not managed");
    }

    function testFuzz_repayPartial_receivedAddsUpToWhatTheBorrowerPaidLessFees(uint256 first, uint256 elapsed)
        public
    {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        elapsed = bound(elapsed, 1, 30 days);
        skip(elapsed);
        uint256 debt = _debt(loan);
        first = bound(first, 1, debt - 1);
        uint256 interest = _interest(2 ether, 1200, elapsed);
        uint256 poolBefore = weth.balanceOf(address(pool));
        uint256 treasuryBefore = weth.balanceOf(treasury);

        loan = _repayPartial(loanId, loan, first);
        uint256 received = _lastRepayment().received;
        vm.prank(borrower);
        core.repay(loanId, loan);
        received += _lastRepayment().received;

        uint256 fees = weth.balanceOf(treasury) - treasuryBefore;
        assertEq(weth.balanceOf(address(pool)) - poolBefore, received, "reported = received");
        assertEq(received + fees, 2 ether + interest, "borrower paid principal and interest");
    }

    /*//////////////////////////////////////////////////////////////
                                LIQUIDATE
    //////////////////////////////////////////////////////////////*/

    function test_liquidate_closesAndHandsTheNftToTheLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanClosed(loanId, address(pool), CLOSED_LIQUIDATED);
        pool.liquidate(loanId, loan);

        assertEq(nft.ownerOf(1), address(pool), "NFT to the lender");
        _assertClosed(loanId);
        assertEq(pool.repaymentCount(), 0, "nothing paid");
    }

    function test_liquidate_revertsForAnyoneButTheLender() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.liquidate(loanId, loan, borrower);
    }

    function test_liquidate_revertsForOtherModes() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.WrongDefaultMode.selector, loanId, ILoanTypes.DefaultMode.Foreclose
            )
        );
        vm.prank(lender);
        core.liquidate(loanId, loan, lender);
    }

    function test_liquidate_revertsForAStaleLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        ILoanTypes.Loan memory stale = _copy(loan);
        stale.principal = 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                core.loanHash(loanId),
                keccak256(abi.encode(stale))
            )
        );
        pool.liquidate(loanId, stale);
    }

    /*//////////////////////////////////////////////////////////////
                    WHAT DOES NOT APPLY TO MANAGED LOANS
    //////////////////////////////////////////////////////////////*/

    function _expectWrongMode(uint256 loanId) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.WrongDefaultMode.selector, loanId, ILoanTypes.DefaultMode.Managed
            )
        );
    }

    function test_takeOver_revertsForManagedLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(MIN_HOLDING_PERIOD);
        _expectWrongMode(loanId);
        vm.prank(lender);
        core.takeOver(loanId, loan, 100, 60 days, 0);
    }

    function test_renegotiate_revertsForManagedLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 100, 60 days, 0);
        _expectWrongMode(loanId);
        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, "");
    }

    function test_callLoan_revertsForManagedLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        _expectWrongMode(loanId);
        vm.prank(address(pool));
        core.callLoan(loanId, loan);
    }

    function test_foreclose_revertsForManagedLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(60 days);
        _expectWrongMode(loanId);
        vm.prank(address(pool));
        core.foreclose(loanId, loan, address(pool));
    }

    function test_startSale_revertsForManagedLoans() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow();
        skip(60 days);
        _expectWrongMode(loanId);
        core.startSale(loanId, loan);
    }

    function test_acceptOffer_revertsForManagedOffers() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Managed;
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("defaultMode"), uint256(2))
        );
        vm.prank(borrower);
        core.acceptOffer(offer, signature, 1, 1 ether, _noProof(), address(0), address(0));
    }

    function test_fillRequest_revertsForManagedRequests() public {
        ILoanTypes.BorrowRequest memory request = _request();
        request.defaultMode = ILoanTypes.DefaultMode.Managed;
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("defaultMode"), uint256(2))
        );
        vm.prank(lender);
        core.fillRequest(request, signature, 1 ether, 1000, address(0));
    }
}
