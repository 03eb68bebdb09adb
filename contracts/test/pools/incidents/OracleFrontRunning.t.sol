// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolDefaults} from "../../../script/PoolDefaults.sol";
import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolIncidentBase} from "./PoolIncidentBase.sol";

/// @notice Incident class: front-running an oracle update. Push oracles publish in public transactions;
/// a borrower watching the mempool sees the report that will complete a quorum (Chainlink-style
/// "oracle front-running", e.g. Synthetix sETH/sKRW 2019, and the BendDAO/ParaSpace floor updates during
/// the 2022-2023 NFT dumps) and borrows at the old price just before it. Here, with the oracle's
/// production rules (quorum 3 of 5, 10% clamp, 6 h TWAP): a borrower who takes the maximum loan right
/// before a report that drops the floor 15% stays healthy after the update and for the whole TWAP
/// catch-up (the LTV's buffer below the liquidation threshold absorbs it) and the pool is never short;
/// a pending upward report cannot be front-run (or back-run) to borrow more than min(spot, TWAP) allows.
contract OracleFrontRunningTest is PoolIncidentBase {
    function setUp() public override {
        super.setUp();
        // PoolBaseTest runs the oracle under the default (production) rules.
        assertEq(
            keccak256(abi.encode(oracle.collectionConfig(address(nft)))),
            keccak256(abi.encode(PoolDefaults.oracleConfig())),
            "default oracle rules"
        );
        _settle(FLOOR);
        _deposit(wethPool, lender, 500 ether);
    }

    function test_frontRunDownwardReportStaysHealthy() public {
        uint256 dropped = FLOOR * 85 / 100;
        skip(10 minutes);
        // Two feeders already reported the drop; the third report, in the mempool, completes the quorum.
        _report(3, dropped);
        _report(4, dropped);
        uint256 max = wethPool.maxBorrow(address(nft), 1, BPS, noProof);
        assertEq(max, FLOOR * 4000 / BPS, "max LTV at the old price");
        (uint256 loanId, ILoanTypes.Loan memory loan) = _borrow(1, max);
        _report(0, dropped);
        (uint256 spot,,) = oracle.latestPrice(address(nft));
        assertEq(spot, FLOOR * 90 / 100, "the update landed, clamped to -10%");
        assertLt(
            wethPool.maxBorrow(address(nft), 2, BPS, noProof),
            max,
            "the front-runner got more than now allowed"
        );

        // The TWAP walks down to the new floor over the window; the loan is healthy all the way and after.
        uint256 worst = type(uint256).max;
        for (uint256 i; i < 12 * 6; ++i) {
            skip(10 minutes);
            _report(i % 5, dropped);
            uint256 hf = wethPool.healthFactor(loanId, loan);
            if (hf < worst) worst = hf;
        }
        assertEq(oracle.liquidationPrice(address(nft)), dropped, "TWAP caught up");
        assertGe(worst, WAD, "never liquidatable");
        // 0.85 x 60% / 40% = 1.275, less a few hours of interest.
        assertGt(worst, 1.27e18, "buffer left");
        // And the pool is not exposed: the debt is far below what the NFT sells for after the drop.
        assertLt(_debt(loan), dropped / 2, "debt < half the new floor");
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHealthy.selector);
        wethPool.startLiquidation(loanId, loan);
    }

    /// @dev The LTV-to-threshold buffer (40% vs 60%) absorbs any drop up to a third of the floor.
    function test_frontRunDropsUpToTheBufferStayHealthy() public {
        uint256[5] memory dropsBps = [uint256(500), 1000, 1500, 2500, 3200];
        for (uint256 k; k < dropsBps.length; ++k) {
            uint256 snapshot = vm.snapshotState();
            uint256 dropped = FLOOR * (BPS - dropsBps[k]) / BPS;
            (uint256 loanId, ILoanTypes.Loan memory loan) =
                _borrow(1, wethPool.maxBorrow(address(nft), 1, BPS, noProof));
            // The clamp lets 10% through per round: feeders keep reporting until spot and TWAP settle.
            _settle(dropped);
            assertEq(oracle.liquidationPrice(address(nft)), dropped, "settled");
            assertGe(wethPool.healthFactor(loanId, loan), WAD, "healthy after the drop");
            vm.revertToState(snapshot);
        }
    }

    function test_frontRunUpwardReportGivesNothing() public {
        uint256 up = FLOOR * 110 / 100;
        uint256 maxBefore = wethPool.maxBorrow(address(nft), 1, BPS, noProof);
        skip(10 minutes);
        _report(3, up);
        _report(4, up);
        // Before the update: the old price.
        vm.expectPartialRevert(ILendingPoolTypes.PrincipalAboveLimit.selector);
        this.borrowAs(1, maxBefore + 1);
        _report(0, up);
        (uint256 spot,,) = oracle.latestPrice(address(nft));
        assertEq(spot, up, "the update landed");
        // Right after it: borrowPrice = min(spot, TWAP) = the old TWAP.
        assertEq(
            wethPool.maxBorrow(address(nft), 1, BPS, noProof), maxBefore, "no more right after the update"
        );
        vm.expectRevert(
            abi.encodeWithSelector(ILendingPoolTypes.PrincipalAboveLimit.selector, maxBefore + 1, maxBefore)
        );
        this.borrowAs(1, maxBefore + 1);
        // Later, the limit rises only as fast as the TWAP.
        skip(1 hours);
        _report(0, up);
        _report(1, up);
        _report(2, up);
        uint256 later = wethPool.maxBorrow(address(nft), 1, BPS, noProof);
        assertEq(later, oracle.twap(address(nft)) * 4000 / BPS, "tracks the TWAP");
        assertLt(later, up * 4000 / BPS, "below the new spot's LTV");
    }

    /// @dev External so a revert can be expected on one borrow.
    function borrowAs(uint256 tokenId, uint256 principal) external {
        _borrow(tokenId, principal);
    }

    /// @dev Three feeders report `price` every 10 minutes (one round each) until spot reaches it (the
    /// clamp lets at most 10% through per round), then for a TWAP window, so spot and TWAP both equal it
    /// and no report is left pending.
    function _settle(uint256 price) internal {
        for (uint256 i; i < 40; ++i) {
            (uint256 spot,,) = oracle.latestPrice(address(nft));
            if (spot == price) break;
            skip(10 minutes);
            _report(0, price);
            _report(1, price);
            _report(2, price);
        }
        for (uint256 i; i < 37; ++i) {
            skip(10 minutes);
            _report(0, price);
            _report(1, price);
            _report(2, price);
        }
    }
}
