// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {PoolIncidentBase} from "./PoolIncidentBase.sol";

/// @notice Incident class: collateral priced from a manipulable on-chain exchange rate. ParaSpace, 17
/// March 2023: pcAPE collateral was valued at shares x the cAPE share price, read live as
/// totalPooledApe / totalShares; an attacker inflated it by depositing ApeCoin (a donation-style
/// share-price manipulation) and borrowed against the inflated value; BlockSec front-ran the attack and
/// rescued ~2,909 ETH. Here: nothing the pool prices - its own share price, a loan's health factor, a
/// token's borrowing power - moves when someone sends the pool assets or NFTs, collateral is valued from
/// the floor oracle only (a self-declared premium is rejected), and the first-depositor inflation attack
/// on the pool's shares leaves the victim with its deposit.
contract CollateralSharePriceManipulationTest is PoolIncidentBase {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        (loanId, loan) = _borrow(1, 4 ether);
        _fund(attacker, 2000 ether, 0);
        vm.prank(attacker);
        weth.approve(address(wethPool), type(uint256).max);
    }

    function test_donatedAssetMovesNoPrice() public {
        Marks memory before = _marks(wethPool, lender, loanId, loan, 2);
        vm.prank(attacker);
        assertTrue(weth.transfer(address(wethPool), 1000 ether), "donated");
        _assertSameMarks(before, _marks(wethPool, lender, loanId, loan, 2));
        // The donation sits outside every depositor-facing figure.
        assertEq(
            weth.balanceOf(address(wethPool)),
            before.totals.cash + before.totals.reserves + before.totals.claimable + 1000 ether,
            "donation held, not counted"
        );
    }

    function test_donatedNftsMoveNoPrice() public {
        for (uint256 id = 100; id < 105; ++id) {
            _mintNft(attacker, id);
        }
        Marks memory before = _marks(wethPool, lender, loanId, loan, 2);
        vm.startPrank(attacker);
        for (uint256 id = 100; id < 105; ++id) {
            nft.transferFrom(attacker, address(wethPool), id);
        }
        vm.stopPrank();
        _assertSameMarks(before, _marks(wethPool, lender, loanId, loan, 2));
        assertEq(wethPool.collectionState(address(nft)).exposure, 4 ether, "exposure is the one loan");
    }

    /// @dev The borrowing power of a token comes from the oracle: a multiplier the borrower declares
    /// without a proof under the oracle's (timelocked) premium root is rejected.
    function test_selfDeclaredPremiumRejected() public {
        ILoanTypes.LoanTerms memory terms = _terms(wethPool, 2, 10 ether);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, address(nft), 2, 30_000));
        vm.prank(borrower);
        core.borrowFrom(address(wethPool), terms, abi.encode(uint256(30_000), noProof));
        // At the floor, 4 ETH (40% of 10) is the most it lends.
        assertEq(wethPool.maxBorrow(address(nft), 2, BPS, noProof), 4 ether, "floor x LTV");
    }

    /// @dev First-depositor inflation: 1 wei of shares, then a large donation, then the victim's
    /// deposit. The donation is not counted and shares carry virtual offset: the victim keeps its deposit.
    function test_firstDepositorInflationFails() public {
        LendingPool fresh = _deployPool(address(weth), address(0), "Fresh", "F");
        vm.startPrank(attacker);
        weth.approve(address(fresh), type(uint256).max);
        uint256 attackerShares = fresh.deposit(1, attacker);
        assertTrue(weth.transfer(address(fresh), 1000 ether), "donated");
        vm.stopPrank();
        assertEq(fresh.totalAssets(), 1, "donation not counted");

        vm.startPrank(lender);
        weth.approve(address(fresh), type(uint256).max);
        uint256 victimShares = fresh.deposit(100 ether, lender);
        uint256 back = fresh.redeem(victimShares, lender, lender);
        vm.stopPrank();
        assertGt(victimShares, attackerShares * 1e18, "victim got its shares");
        assertGe(back, 100 ether - 1, "victim keeps ~all its deposit");

        vm.prank(attacker);
        uint256 attackerBack = fresh.redeem(attackerShares, attacker, attacker);
        assertLe(attackerBack, 2, "attacker gets its wei back, not the victim's deposit");
    }

    /// @dev Same attack with the donation made before any deposit, then a victim rounding to zero shares
    /// would revert instead of being robbed.
    function test_donationBeforeFirstDepositChangesNothing() public {
        LendingPool fresh = _deployPool(address(weth), address(0), "Fresh", "F");
        vm.prank(attacker);
        assertTrue(weth.transfer(address(fresh), 1000 ether), "donated");
        vm.startPrank(lender);
        weth.approve(address(fresh), type(uint256).max);
        uint256 shares = fresh.deposit(5 ether, lender);
        vm.stopPrank();
        assertEq(fresh.totalAssets(), 5 ether, "only the deposit counts");
        assertEq(fresh.convertToAssets(shares), 5 ether, "victim owns its deposit");
    }
}
