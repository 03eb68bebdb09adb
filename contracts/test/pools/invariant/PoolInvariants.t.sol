// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {LoanMathLib} from "../../../src/libraries/LoanMathLib.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";
import {PoolHandler} from "./handlers/PoolHandler.sol";
import {console} from "forge-std/console.sol";

/// @notice Pool invariants over random sequences of every pool action (PoolHandler) on the real core and
/// oracle. Listed in docs/pool-notes.md.
contract PoolInvariantsTest is PoolBaseTest {
    PoolHandler internal handler;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 40 ether);
        handler = new PoolHandler(
            PoolHandler.World({
                pool: wethPool,
                oracle: oracle,
                oracleOwner: owner,
                collection: address(nft),
                feeders: [feeders[0], feeders[1], feeders[2]],
                lenders: [lender, lender2],
                borrowers: [borrower, borrower2],
                buyer: buyer,
                keeper: keeper,
                floor: FLOOR
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
    function invariant_assetsAreCashPlusLoansPlusAuctions() public view {
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(wethPool.totalAssets(), t.cash + t.lent + t.interest, "totalAssets");
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

    function invariant_sharePriceFallsOnlyWithBadDebt() public view {
        assertFalse(handler.sharePriceFellWithoutBadDebt(), "share price fell without a write-off");
    }

    function invariant_balanceCoversCashReservesAndClaims() public view {
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertGe(weth.balanceOf(address(wethPool)), t.cash + t.reserves + t.claimable);
    }

    /// @dev Each NFT is with a person, in core escrow for exactly one live loan, or in the pool for
    /// exactly one live auction.
    function invariant_noNftLostOrHeldTwice() public view {
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
            } else if (holder == address(wethPool)) {
                assertEq(auctions, 1, "in one auction");
                assertEq(loans, 0);
            } else {
                assertEq(loans + auctions, 0, "free token backs nothing");
                assertTrue(holder == borrower || holder == borrower2 || holder == buyer, "with a person");
            }
        }
    }

    function invariant_healthyLoansAreNeverLiquidated() public view {
        assertFalse(handler.healthyLoanLiquidated());
    }

    function invariant_repaymentIsNeverBlocked() public view {
        assertFalse(handler.repayBlocked(), "a repayment reverted");
    }

    function invariant_exposureIsLivePrincipal() public view {
        uint256 auctionPrincipal;
        for (uint256 i; i < handler.auctionCount(); ++i) {
            auctionPrincipal += handler.auctionAt(i).auction.principal;
        }
        assertEq(wethPool.collectionState(address(nft)).exposure, handler.principalOut() + auctionPrincipal);
    }

    function afterInvariant() external view {
        assertGt(handler.calls(), 0);
        console.log("liquidations", handler.liquidations(), "sales", handler.sales());
        console.log("redemptions", handler.redemptions(), "restarts", handler.restarts());
        console.log("borrows", handler.borrows(), "repays", handler.repays());
    }
}
