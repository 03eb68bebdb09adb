// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolDefaults} from "../../../script/PoolDefaults.sol";
import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice Borrowing: `core.borrowFrom(pool, terms, data)` and every reason the pool rejects it (the core
/// bubbles the pool's error).
// Error names are bytes32 string literals (as the pool encodes them), never truncated.
// forge-lint: disable-start(unsafe-typecast)
contract PoolBorrowTest is PoolBaseTest {
    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        _deposit(usdPool, lender, 300_000e6);
    }

    function _expectBorrowRevert(ILoanTypes.LoanTerms memory terms, bytes memory data, bytes memory reason)
        internal
    {
        vm.expectRevert(reason);
        vm.prank(borrower);
        core.borrowFrom(terms.currency == address(usd) ? address(usdPool) : address(wethPool), terms, data);
    }

    function test_borrow_recordsTheLoanAndPaysTheBorrower() public {
        uint256 before = weth.balanceOf(borrower);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(1, 4 ether);
        assertEq(weth.balanceOf(borrower) - before, 4 ether);
        assertEq(nft.ownerOf(1), address(core));
        assertEq(_lenderOf(loanId), address(wethPool));
        ILendingPoolTypes.LoanRecord memory record = wethPool.loanRecord(loanId);
        assertEq(record.principal, 4 ether);
        assertEq(record.aprBps, loan.aprBps);
        assertEq(record.version, 1);
        assertEq(record.premiumBps, 10_000);
        assertEq(record.reserveFactorBps, RESERVE_FACTOR_BPS);
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(t.cash, 96 ether);
        assertEq(t.lent, 4 ether);
        assertEq(wethPool.totalAssets(), 100 ether, "lending does not move assets");
        assertEq(wethPool.collectionState(address(nft)).exposure, 4 ether);
    }

    function test_borrow_usdPoolValuesThroughEthUsd() public {
        // 10 ETH floor x 3000 USD = 30,000 dUSD; 40% LTV = 12,000 dUSD.
        assertEq(usdPool.maxBorrow(address(nft), 1, 0, new bytes32[](0)), 12_000e6);
        _borrow(usdPool, borrower, 1, 12_000e6);
        ILoanTypes.LoanTerms memory terms = _terms(usdPool, 2, 12_000e6 + 1);
        _expectBorrowRevert(
            terms,
            "",
            abi.encodeWithSelector(ILendingPoolTypes.PrincipalAboveLimit.selector, 12_000e6 + 1, 12_000e6)
        );
    }

    function test_borrow_revertsAboveLtv() public {
        assertEq(wethPool.maxBorrow(address(nft), 1, 0, new bytes32[](0)), 4 ether);
        _expectBorrowRevert(
            _terms(wethPool, 1, 4 ether + 1),
            "",
            abi.encodeWithSelector(ILendingPoolTypes.PrincipalAboveLimit.selector, 4 ether + 1, 4 ether)
        );
    }

    function test_borrow_valuesAtTheLowerOfSpotAndTwap() public {
        _setSpot(address(nft), 8 ether); // TWAP still near 10
        assertEq(oracle.borrowPrice(address(nft)), 8 ether);
        assertEq(wethPool.maxBorrow(address(nft), 1, 0, new bytes32[](0)), 3.2 ether);
    }

    function test_borrow_revertsForAnotherCurrency() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 1 ether);
        terms.currency = address(usd);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.InvalidTerms.selector, bytes32("currency"), uint160(address(usd))
            )
        );
        vm.prank(borrower);
        core.borrowFrom(address(wethPool), terms, "");
    }

    function test_borrow_revertsForOtherDefaultModes() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 1 ether);
        terms.defaultMode = ILoanTypes.DefaultMode.Foreclose;
        _expectBorrowRevert(
            terms,
            "",
            abi.encodeWithSelector(ILendingPoolTypes.InvalidTerms.selector, bytes32("defaultMode"), 0)
        );
    }

    function test_borrow_revertsForGraceOrZeroDurationOrTooLong() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 1 ether);
        terms.gracePeriod = 1;
        _expectBorrowRevert(
            terms,
            "",
            abi.encodeWithSelector(ILendingPoolTypes.InvalidTerms.selector, bytes32("gracePeriod"), 1)
        );
        terms = _terms(wethPool, 1, 1 ether);
        terms.duration = 0;
        _expectBorrowRevert(
            terms, "", abi.encodeWithSelector(ILendingPoolTypes.InvalidTerms.selector, bytes32("duration"), 0)
        );
        terms.duration = 30 days + 1;
        _expectBorrowRevert(
            terms,
            "",
            abi.encodeWithSelector(ILendingPoolTypes.InvalidTerms.selector, bytes32("duration"), 30 days + 1)
        );
    }

    function test_borrow_revertsForErc1155Collateral() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 1 ether);
        terms.collateral = address(items);
        terms.collateralAmount = 2;
        _expectBorrowRevert(
            terms,
            "",
            abi.encodeWithSelector(ILendingPoolTypes.InvalidTerms.selector, bytes32("collateralAmount"), 2)
        );
    }

    function test_borrow_revertsForAnUnlistedCollection() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 1 ether);
        terms.collateral = address(items);
        _expectBorrowRevert(
            terms, "", abi.encodeWithSelector(ILendingPoolTypes.CollectionNotListed.selector, address(items))
        );
    }

    function test_borrow_revertsWhenDisabledByConfigOrGuardian() public {
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        _expectBorrowRevert(
            _terms(wethPool, 1, 1 ether),
            "",
            abi.encodeWithSelector(ILendingPoolTypes.BorrowingDisabled.selector, address(nft))
        );
        assertEq(wethPool.maxBorrow(address(nft), 1, 0, new bytes32[](0)), 0);
        vm.prank(poolOwner);
        wethPool.setBorrowingDisabled(address(nft), false);
        ILendingPoolTypes.CollectionConfig memory config = _collectionConfig(1000 ether);
        config.enabled = false;
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), config);
        _expectBorrowRevert(
            _terms(wethPool, 1, 1 ether),
            "",
            abi.encodeWithSelector(ILendingPoolTypes.BorrowingDisabled.selector, address(nft))
        );
    }

    function test_borrow_revertsAboveTheExposureCap() public {
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _collectionConfig(5 ether));
        _borrow(1, 4 ether);
        _expectBorrowRevert(
            _terms(wethPool, 2, 2 ether),
            "",
            abi.encodeWithSelector(
                ILendingPoolTypes.ExposureCapExceeded.selector, address(nft), 4 ether, 2 ether, 5 ether
            )
        );
        assertEq(wethPool.maxBorrow(address(nft), 2, 0, new bytes32[](0)), 1 ether);
    }

    function test_borrow_revertsWithoutCash() public {
        vm.startPrank(lender);
        wethPool.withdraw(97 ether, lender, lender);
        vm.stopPrank();
        _expectBorrowRevert(
            _terms(wethPool, 1, 4 ether),
            "",
            abi.encodeWithSelector(ILendingPoolTypes.InsufficientLiquidity.selector, 4 ether, 3 ether)
        );
    }

    function test_borrow_revertsBelowTheQuote() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 1, 4 ether);
        uint256 quote = terms.aprBps;
        terms.aprBps -= 1;
        _expectBorrowRevert(
            terms, "", abi.encodeWithSelector(ILendingPoolTypes.AprBelowQuote.selector, quote - 1, quote)
        );
    }

    function test_borrow_revertsOnAStaleOrPausedFloor() public {
        skip(MAX_STALENESS + 1);
        (, uint256 updatedAt,) = oracle.latestPrice(address(nft));
        _expectBorrowRevert(
            _terms(wethPool, 1, 1 ether),
            "",
            abi.encodeWithSelector(IFloorOracle.StalePrice.selector, address(nft), updatedAt, MAX_STALENESS)
        );
        _setFloor(FLOOR);
        vm.prank(owner);
        oracle.setPaused(address(nft), true);
        _expectBorrowRevert(
            _terms(wethPool, 1, 1 ether),
            "",
            abi.encodeWithSelector(IFloorOracle.PricePaused.selector, address(nft))
        );
    }

    function test_borrow_revertsOnAStaleOrNonPositiveQuote() public {
        (,,, uint256 updatedAt,) = ethUsd.latestRoundData();
        skip(QUOTE_MAX_AGE + 1);
        _setSpot(address(nft), FLOOR / 2); // fresh floor
        _setSpot(address(nft), FLOOR);
        _expectBorrowRevert(
            _terms(usdPool, 1, 1000e6),
            "",
            abi.encodeWithSelector(
                ILendingPoolTypes.StaleQuote.selector, address(ethUsd), updatedAt, QUOTE_MAX_AGE
            )
        );
        _setEthUsd(0);
        _expectBorrowRevert(
            _terms(usdPool, 1, 1000e6),
            "",
            abi.encodeWithSelector(ILendingPoolTypes.QuoteUnavailable.selector, address(ethUsd))
        );
    }

    function test_borrow_onlyTheCoreCallsBack() public {
        (, ILoanTypes.Loan memory loan) = _borrow(1, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        wethPool.onLoanRequested(attacker, 99, loan, "");
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        wethPool.onLoanRepaid(1, 1 ether, 0, 0);
    }

    function test_borrow_withAPremiumProof() public {
        // A root with (tokenId 1, 2x) and a sibling leaf; effective after the oracle's delay.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(uint256(1), uint256(20_000)))));
        bytes32 sibling = keccak256(bytes.concat(keccak256(abi.encode(uint256(2), uint256(15_000)))));
        bytes32 root = leaf < sibling
            ? keccak256(abi.encodePacked(leaf, sibling))
            : keccak256(abi.encodePacked(sibling, leaf));
        vm.prank(owner);
        oracle.proposePremiumRoot(address(nft), root);
        skip(PoolDefaults.PREMIUM_DELAY);
        _setFloor(FLOOR);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = sibling;
        // 2x the floor at the default LTV: 10 x 2 x 40% = 8.
        assertEq(
            wethPool.maxBorrow(address(nft), 1, 20_000, proof), FLOOR * 2 * _collectionConfig(0).ltvBps / BPS
        );
        (uint256 loanId,) =
            _borrowWith(wethPool, borrower, _terms(wethPool, 1, 8 ether), abi.encode(uint256(20_000), proof));
        assertEq(wethPool.loanRecord(loanId).premiumBps, 20_000);

        // A wrong multiplier is the oracle's error.
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 2, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, address(nft), 2, uint256(30_000))
        );
        vm.prank(borrower);
        core.borrowFrom(address(wethPool), terms, abi.encode(uint256(30_000), proof));
    }
}
// forge-lint: disable-end(unsafe-typecast)
