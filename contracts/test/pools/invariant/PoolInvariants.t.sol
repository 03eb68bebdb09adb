// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {LoanMathLib} from "../../../src/libraries/LoanMathLib.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";
import {PoolHandler} from "./handlers/PoolHandler.sol";
import {console} from "forge-std/console.sol";

/// @notice Pool invariants over random sequences of every pool action (PoolHandler) on the real core and
/// oracle. Listed in docs/pools-and-oracle.md.
contract PoolInvariantsTest is PoolBaseTest {
    PoolHandler internal handler;
    /// @dev The pool under test.
    LendingPool internal target;

    /// @dev The WETH pool here; the dUSD suite below runs the same handler and invariants on the other.
    function _target() internal view virtual returns (LendingPool) {
        return wethPool;
    }

    function setUp() public override {
        super.setUp();
        target = _target();
        // Asset units per ETH of value (the world's ETH/USD is fixed at ETH_USD = 3000e8: 3000e6 dUSD).
        uint256 perEth = target == usdPool ? 3000e6 : 1 ether;
        _deposit(target, lender, 40 * perEth);
        handler = new PoolHandler(
            PoolHandler.World({
                pool: target,
                oracle: oracle,
                oracleOwner: owner,
                collection: address(nft),
                feeders: [feeders[0], feeders[1], feeders[2]],
                lenders: [lender, lender2],
                borrowers: [borrower, borrower2],
                buyer: buyer,
                keeper: keeper,
                floor: FLOOR,
                depositMin: perEth / 1e6,
                depositMax: 50 * perEth
            })
        );
        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = PoolHandler.deposit.selector;
        selectors[1] = PoolHandler.withdraw.selector;
        selectors[2] = PoolHandler.borrow.selector;
        selectors[3] = PoolHandler.borrow.selector;
        selectors[4] = PoolHandler.repay.selector;
        selectors[5] = PoolHandler.moveFloor.selector;
        selectors[6] = PoolHandler.warp.selector;
        selectors[7] = PoolHandler.startLiquidation.selector;
        selectors[8] = PoolHandler.buy.selector;
        selectors[9] = PoolHandler.redeem.selector;
        selectors[10] = PoolHandler.restart.selector;
        selectors[11] = PoolHandler.moveFloor.selector;
        selectors[12] = PoolHandler.crash.selector;
        selectors[13] = PoolHandler.togglePause.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev totalAssets = cash + lent + interest; lent = live principal + auction book values (model);
    /// the interest value never exceeds the depositors' exact share of the core's debts and trails it
    /// by at most a wei per loan.
    function _assetsAreCashPlusLoansPlusAuctions() internal view {
        ILendingPoolTypes.Totals memory t = target.totals();
        assertEq(target.totalAssets(), t.cash + t.lent + t.interest, "totalAssets");
        assertEq(t.lent, handler.principalOut() + handler.auctionBookValue(), "lent = model");
        uint256 upper;
        uint256 lower;
        for (uint256 i; i < handler.loanCount(); ++i) {
            PoolHandler.LiveLoan memory live = handler.loanAt(i);
            (uint256 interest,) = LoanMathLib.debtAt(live.loan, block.timestamp);
            uint256 share = (BPS - live.loan.feeBps) * (BPS - RESERVE_FACTOR_BPS);
            upper += interest * share;
            lower += interest == 0 ? 0 : (interest - 1) * share;
        }
        upper /= BPS * BPS;
        lower /= BPS * BPS;
        assertLe(t.interest, upper, "interest value <= depositors' share");
        assertGe(t.interest + handler.loanCount() + 1, lower, "interest value trails by rounding only");
    }

    function _sharePriceFallsOnlyWithBadDebt() internal view {
        assertFalse(handler.sharePriceFellWithoutBadDebt(), "share price fell without a write-off");
    }

    function _balanceCoversCashReservesAndClaims() internal view {
        ILendingPoolTypes.Totals memory t = target.totals();
        assertGe(
            _asset(target).balanceOf(address(target)),
            t.cash + t.reserves + t.claimable,
            "balance covers outflows"
        );
    }

    /// @dev Each NFT is with a person, in core escrow for exactly one live loan, or in the pool for
    /// exactly one live auction.
    function _noNftLostOrHeldTwice() internal view {
        for (uint256 id = 1; id <= 10; ++id) {
            uint256 loans;
            uint256 auctions;
            for (uint256 i; i < handler.loanCount(); ++i) {
                if (handler.loanAt(i).loan.tokenId == id) ++loans;
            }
            for (uint256 i; i < handler.auctionCount(); ++i) {
                if (handler.auctionAt(i).auction.tokenId == id) ++auctions;
            }
            address holder = nft.ownerOf(id);
            if (holder == address(core)) {
                assertEq(loans, 1, "escrowed for one loan");
                assertEq(auctions, 0);
            } else if (holder == address(target)) {
                assertEq(auctions, 1, "in one auction");
                assertEq(loans, 0);
            } else {
                assertEq(loans + auctions, 0, "free token backs nothing");
                assertTrue(holder == borrower || holder == borrower2 || holder == buyer, "with a person");
            }
        }
    }

    function _healthyLoansAreNeverLiquidated() internal view {
        assertFalse(handler.healthyLoanLiquidated(), "a healthy loan was liquidated");
    }

    function _repaymentIsNeverBlocked() internal view {
        assertFalse(handler.repayBlocked(), "a repayment reverted");
    }

    function _exposureIsLivePrincipal() internal view {
        uint256 auctionPrincipal;
        for (uint256 i; i < handler.auctionCount(); ++i) {
            auctionPrincipal += handler.auctionAt(i).auction.principal;
        }
        assertEq(
            target.collectionState(address(nft)).exposure,
            handler.principalOut() + auctionPrincipal,
            "exposure"
        );
    }

    /// @dev One campaign checks every invariant after every call (each check keeps its own message):
    /// the same checks per call as one campaign per invariant, at a seventh of the CI time.
    function invariant_pool() public view virtual {
        _assetsAreCashPlusLoansPlusAuctions();
        _sharePriceFallsOnlyWithBadDebt();
        _balanceCoversCashReservesAndClaims();
        _noNftLostOrHeldTwice();
        _healthyLoansAreNeverLiquidated();
        _repaymentIsNeverBlocked();
        _exposureIsLivePrincipal();
    }

    function afterInvariant() external view {
        assertGt(handler.calls(), 0);
        console.log("liquidations", handler.liquidations(), "sales", handler.sales());
        console.log("redemptions", handler.redemptions(), "restarts", handler.restarts());
        console.log("borrows", handler.borrows(), "repays", handler.repays());
    }
}

/// @notice The same invariants on the 6-decimal dUSD pool (values through the ETH/USD quote).
/// Half the WETH suite's CI runs, to keep `FOUNDRY_PROFILE=ci` on test/pools under two minutes.
contract PoolInvariantsUsdTest is PoolInvariantsTest {
    function _target() internal view override returns (LendingPool) {
        return usdPool;
    }

    /// forge-config: ci.invariant.runs = 128
    function invariant_pool() public view override {
        super.invariant_pool();
    }
}
