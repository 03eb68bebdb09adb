// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";
import {PoolLender} from "./mocks/PoolLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

contract BorrowFromTest is UnitBase {
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
            duration: 14 days,
            gracePeriod: 1 days,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            delegate: address(0)
        });
    }

    function _borrow(ILoanTypes.LoanTerms memory terms, bytes memory data)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        vm.recordLogs();
        vm.prank(borrower);
        loanId = core.borrowFrom(address(pool), terms, data);
        loan = _lastLoan();
    }

    function test_borrowFrom_acceptedByLenderRecordsLoan() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        uint256 borrowerBefore = weth.balanceOf(borrower);

        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(terms, "");

        assertEq(loan.principal, 2 ether, "principal");
        assertEq(loan.aprBps, 1200, "apr");
        assertEq(loan.duration, 14 days, "duration");
        assertEq(loan.gracePeriod, 1 days, "grace");
        assertEq(loan.feeBps, FEE_BPS, "fee");
        assertEq(loan.startTime, block.timestamp, "start");
        _assertStored(loanId, loan);
        assertEq(_lenderOf(loanId), address(pool), "pool holds the lender note");
        assertEq(_borrowerOf(loanId), borrower, "caller holds the borrower note");
        assertEq(nft.ownerOf(1), address(core), "escrowed");
        assertEq(weth.balanceOf(address(pool)), 48 ether, "pulled from the pool");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, 2 ether, "paid to the caller");
    }

    function test_borrowFrom_callsLenderAfterRecordingAndBeforeMovingTokens() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(_terms(), hex"c0ffee");

        assertEq(pool.calls(), 1, "called once");
        assertEq(pool.seenBorrower(), borrower, "borrower");
        assertEq(pool.seenLoanId(), loanId, "loan id");
        assertEq(pool.seenLoanHash(), keccak256(abi.encode(loan)), "loan passed");
        assertEq(pool.storedLoanHashAtCallback(), keccak256(abi.encode(loan)), "recorded before the call");
        assertEq(pool.lenderNoteOwnerAtCallback(), address(pool), "note minted before the call");
        assertEq(pool.collateralOwnerAtCallback(), borrower, "NFT not yet moved");
        assertEq(pool.currencyBalanceAtCallback(), 50 ether, "principal not yet pulled");
        assertEq(pool.seenData(), hex"c0ffee", "data forwarded");
    }

    function test_borrowFrom_revertsWhenLenderReturnsWrongSelector() public {
        pool.setReply(PoolLender.Reply.WrongSelector);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LenderRejected.selector, address(pool)));
        vm.prank(borrower);
        core.borrowFrom(address(pool), _terms(), "");
        assertEq(nft.ownerOf(1), borrower, "NFT untouched");
        assertEq(_loanCount(), 0, "nothing recorded");
    }

    function test_borrowFrom_revertsWhenLenderDeclines() public {
        pool.setReply(PoolLender.Reply.Decline);

        vm.expectRevert(PoolLender.Declined.selector);
        vm.prank(borrower);
        core.borrowFrom(address(pool), _terms(), "");
    }

    function test_borrowFrom_lenderCannotReenterDuringCallback() public {
        pool.setReply(PoolLender.Reply.Reenter);

        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(borrower);
        core.borrowFrom(address(pool), _terms(), "");
    }

    function test_borrowFrom_revertsWhenLenderIsNotAContract() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LenderRejected.selector, lender));
        vm.prank(borrower);
        core.borrowFrom(lender, _terms(), "");
        assertEq(_loanCount(), 0, "nothing recorded");
    }

    function test_borrowFrom_revertsWhenLenderHasNoCallback() public {
        // A token contract: no onLoanRequested, its fallback-less dispatcher reverts without data.
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LenderRejected.selector, address(nft)));
        vm.prank(borrower);
        core.borrowFrom(address(nft), _terms(), "");
        assertEq(_loanCount(), 0, "nothing recorded");
    }

    function test_borrowFrom_revertsWhenPoolHasNotEnoughFunds() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.principal = 51 ether;

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(weth), address(pool), 51 ether)
        );
        vm.prank(borrower);
        core.borrowFrom(address(pool), terms, "");
    }

    function test_borrowFrom_revertsZeroPrincipal() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.principal = 0;

        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        vm.prank(borrower);
        core.borrowFrom(address(pool), terms, "");
    }

    function test_borrowFrom_revertsAprAboveMax() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.aprBps = uint32(MAX_APR_BPS + 1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, MAX_APR_BPS + 1, MAX_APR_BPS));
        vm.prank(borrower);
        core.borrowFrom(address(pool), terms, "");
    }

    function test_borrowFrom_revertsWhenPaused() public {
        vm.prank(guardian);
        core.setPaused(true);

        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(borrower);
        core.borrowFrom(address(pool), _terms(), "");
    }

    function test_borrowFrom_revertsWhenCurrencyNotAllowed() public {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.currency = address(nft);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.CurrencyNotAllowed.selector, address(nft)));
        vm.prank(borrower);
        core.borrowFrom(address(pool), terms, "");
    }

    function test_borrowFrom_revertsWhenCallerDoesNotOwnCollateral() public {
        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        vm.prank(attacker);
        core.borrowFrom(address(pool), _terms(), "");
        assertEq(nft.ownerOf(1), borrower, "NFT untouched");
        assertEq(weth.balanceOf(address(pool)), 50 ether, "pool untouched");
    }

    function testFuzz_borrowFrom_recordsTheRequestedTerms(uint256 principal, uint32 aprBps, uint32 duration)
        public
    {
        ILoanTypes.LoanTerms memory terms = _terms();
        terms.principal = bound(principal, 1, 50 ether);
        terms.aprBps = uint32(bound(aprBps, 0, MAX_APR_BPS));
        terms.duration = duration;

        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(terms, "");

        assertEq(loan.principal, terms.principal, "principal");
        assertEq(loan.aprBps, terms.aprBps, "apr");
        assertEq(loan.duration, duration, "duration");
        assertEq(weth.balanceOf(address(pool)), 50 ether - terms.principal, "pool paid");
        _assertStored(loanId, loan);
    }
}
