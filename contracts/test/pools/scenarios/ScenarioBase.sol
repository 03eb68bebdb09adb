// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolDefaults} from "../../../script/PoolDefaults.sol";
import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";
import {PricePaths} from "./PricePaths.sol";
import {console} from "forge-std/console.sol";

/// @notice Stress-scenario harness: a scenario is a price path (the true market floor over time) plus
/// scheduled events (deposits, borrows at a share of the pool's max, repayments, withdrawals), replayed
/// in 10-minute steps against the real oracle, loan core and pool with these actor models:
/// - feeders (5, quorum 3) report the true floor with a small per-feeder noise every `feederHeartbeat`,
///   or earlier when it moved more than `feederDeviationBps` from the oracle's value (never inside the
///   oracle's minimum spacing);
/// - a keeper, every `keeperInterval` and right after every oracle update, starts the liquidation of
///   every loan with a health factor below 1 and restarts every auction whose decay ended unsold;
/// - bidders buy as soon as the auction price is at most the true floor x (1 - `bidMarginBps`) (they
///   resell at the market), except during the first `bidderDelay` seconds of a liquidation;
/// - some borrowers ("redeemers") redeem their auction, hourly, when the market value net of the margin
///   covers the debt plus the penalty.
/// After every step the harness checks the pool's accounting against an independent model (see
/// `_checkWorld`) and that every NFT is where the model says it is.
abstract contract ScenarioBase is PoolBaseTest {
    using PricePaths for PricePaths.Path;

    uint256 internal constant FIRST_TOKEN_ID = 1000;

    enum Status {
        Live,
        InAuction,
        Repaid,
        Sold,
        Redeemed
    }

    struct Models {
        uint256 step;
        uint256 feederHeartbeat;
        uint256 feederDeviationBps;
        uint256 feederNoiseBps;
        uint256 keeperInterval;
        uint256 bidMarginBps;
        uint256 bidderDelay;
        uint256 loanDuration;
    }

    struct BorrowEvent {
        uint256 at;
        /// Principal as a share of the pool's `maxBorrow` at that time (10_000 = max LTV).
        uint256 shareOfMaxBps;
        bool redeemer;
    }

    struct TimedIndex {
        uint256 at;
        uint256 index;
    }

    struct Tracked {
        uint256 loanId;
        ILoanTypes.Loan loan;
        address borrower;
        bool redeemer;
        Status status;
        uint256 liquidatedAt;
        ILendingPoolTypes.Auction auction;
        /// Who must hold the NFT now.
        address nftHolder;
    }

    struct Stats {
        uint256 loansMade;
        uint256 principalLent;
        uint256 liquidated;
        uint256 sold;
        uint256 redeemed;
        uint256 restarted;
        uint256 repaid;
        uint256 unsoldAtEnd;
        uint256 badDebt;
        uint256 peakBadDebtBps;
        uint256 peakShortfall;
        uint256 totalAssetsBefore;
        uint256 totalAssetsAfter;
        uint256 sharePriceBefore;
        uint256 sharePriceAfter;
        uint256 worstHf;
        uint256 maxTimeToSale;
        uint256 sumTimeToSale;
        uint256 oracleUpdates;
        uint256 surplusToBorrowers;
    }

    PricePaths.Path internal path;
    Models internal models;
    BorrowEvent[] internal borrowEvents;
    TimedIndex[] internal repayEvents;
    TimedIndex[] internal withdrawEvents;
    address[] internal lenders;
    Tracked[] internal tracked;
    Stats internal stats;

    /// @dev The collection config the scenario runs under (PoolDefaults', sized to the scenario's pool).
    ILendingPoolTypes.CollectionConfig internal config;
    /// @dev The pool under test (PoolBaseTest's WETH pool).
    LendingPool internal pool;
    address internal bidder = makeAddr("bidder");
    bytes32[] internal noProof;
    /// @dev Scenario time zero (after the oracle warm-up).
    uint256 internal t0;

    /*//////////////////////////////////////////////////////////////
                                  SET-UP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        models = Models({
            step: 10 minutes,
            feederHeartbeat: 30 minutes,
            feederDeviationBps: 100,
            feederNoiseBps: 50,
            keeperInterval: 1 hours,
            bidMarginBps: 800,
            bidderDelay: 0,
            loanDuration: 30 days
        });
        pool = wethPool;
        _fundBidder();
    }

    /// @dev Moves the oracle to the path's first floor, then seven hours of feeder rounds at that floor so
    /// the TWAP window is full. The oracle runs the default rules (PoolBaseTest configures
    /// `PoolDefaults.oracleConfig()`; checked here). Relists the collection with the pool's default config
    /// (`PoolDefaults.collectionConfig`) and an exposure cap of `exposureCap` (sized to the scenario's pool).
    function _warmUp(uint128 exposureCap) internal {
        assertEq(
            keccak256(abi.encode(oracle.collectionConfig(address(nft)))),
            keccak256(abi.encode(PoolDefaults.oracleConfig())),
            "oracle runs the default rules"
        );
        _setSpot(address(nft), path.at(0));
        for (uint256 i; i < 15; ++i) {
            skip(30 minutes);
            _submitAll(path.at(0), i);
        }
        config = PoolDefaults.collectionConfig(exposureCap);
        // Tuning hook (never set in CI): replay the scenarios with other auction parameters, e.g.
        // SCENARIO_AUCTION_DURATION=86400 ../tools/forge test --match-path 'test/pools/scenarios/*' -vv
        config.auctionDuration =
            uint32(vm.envOr("SCENARIO_AUCTION_DURATION", uint256(config.auctionDuration)));
        config.auctionStartBps =
            uint32(vm.envOr("SCENARIO_AUCTION_START_BPS", uint256(config.auctionStartBps)));
        config.auctionFloorBps =
            uint16(vm.envOr("SCENARIO_AUCTION_FLOOR_BPS", uint256(config.auctionFloorBps)));
        config.redemptionPenaltyBps =
            uint16(vm.envOr("SCENARIO_PENALTY_BPS", uint256(config.redemptionPenaltyBps)));
        vm.prank(poolOwner);
        pool.setCollectionConfig(address(nft), config);
        t0 = block.timestamp;
    }

    function _addLenders(uint256[] memory amounts) internal {
        for (uint256 i; i < amounts.length; ++i) {
            address lender_ = makeAddr(string.concat("depositor", vm.toString(i)));
            lenders.push(lender_);
            vm.deal(lender_, amounts[i]);
            vm.startPrank(lender_);
            weth.deposit{value: amounts[i]}();
            weth.approve(address(pool), amounts[i]);
            pool.deposit(amounts[i], lender_);
            vm.stopPrank();
        }
    }

    function _scheduleBorrow(uint256 atHours, uint256 count, uint256 shareOfMaxBps, bool redeemer) internal {
        for (uint256 i; i < count; ++i) {
            borrowEvents.push(
                BorrowEvent({at: atHours * 1 hours, shareOfMaxBps: shareOfMaxBps, redeemer: redeemer})
            );
        }
    }

    function _scheduleRepay(uint256 atHours, uint256 loanIndex) internal {
        repayEvents.push(TimedIndex({at: atHours * 1 hours, index: loanIndex}));
    }

    function _scheduleWithdraw(uint256 atHours, uint256 lenderIndex) internal {
        withdrawEvents.push(TimedIndex({at: atHours * 1 hours, index: lenderIndex}));
    }

    /// @dev The loan book of the BendDAO replay (scenarios 1 and 3): 20 loans, half of them at max LTV at
    /// the top, the rest at lower LTVs or taken later, at max LTV, during the fall; two early
    /// repayments; a bank run (two depositors withdraw all they can) on day 5.
    function _bendDaoBook() internal {
        uint256[] memory deposits = new uint256[](4);
        (deposits[0], deposits[1], deposits[2], deposits[3]) = (1200 ether, 800 ether, 600 ether, 400 ether);
        _addLenders(deposits);
        _scheduleBorrow(0, 5, 10_000, false);
        _scheduleBorrow(0, 1, 10_000, true);
        _scheduleBorrow(0, 2, 7500, false);
        _scheduleBorrow(0, 2, 5000, true);
        _scheduleBorrow(30, 1, 10_000, false);
        _scheduleBorrow(30, 1, 9000, true);
        _scheduleBorrow(60, 2, 10_000, false);
        _scheduleBorrow(100, 1, 10_000, false);
        _scheduleBorrow(100, 1, 7000, false);
        _scheduleBorrow(150, 2, 10_000, false);
        _scheduleBorrow(200, 2, 10_000, false);
        _scheduleRepay(80, 8);
        _scheduleRepay(110, 3);
        _scheduleWithdraw(120, 0);
        _scheduleWithdraw(126, 1);
    }

    function _fundBidder() internal {
        vm.deal(bidder, 1_000_000 ether);
        vm.startPrank(bidder);
        weth.deposit{value: 1_000_000 ether}();
        weth.approve(address(pool), type(uint256).max);
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                                  REPLAY
    //////////////////////////////////////////////////////////////*/

    /// @dev Replays the path from t0 to its last anchor, then prints the figures.
    function _run(string memory name) internal returns (Stats memory) {
        vm.pauseGasMetering();
        uint256 end = path.times[path.times.length - 1];
        stats.worstHf = type(uint256).max;
        stats.sharePriceBefore = _sharePriceWad();
        stats.totalAssetsBefore = pool.totalAssets();
        (uint256 nextBorrow, uint256 nextRepay, uint256 nextWithdraw) = (0, 0, 0);
        for (uint256 t; t <= end; t += models.step) {
            vm.warp(t0 + t);
            for (; nextBorrow < borrowEvents.length && borrowEvents[nextBorrow].at <= t; ++nextBorrow) {
                _borrowScheduled(borrowEvents[nextBorrow]);
            }
            for (; nextRepay < repayEvents.length && repayEvents[nextRepay].at <= t; ++nextRepay) {
                _repay(repayEvents[nextRepay].index);
            }
            for (
                ;
                nextWithdraw < withdrawEvents.length && withdrawEvents[nextWithdraw].at <= t;
                ++nextWithdraw
            ) {
                _withdrawAll(lenders[withdrawEvents[nextWithdraw].index]);
            }
            uint256 truth = path.at(t);
            bool updated = _feed(truth, t);
            bool hourly = t % models.keeperInterval == 0;
            if (updated || hourly) _keeper();
            _bidders(truth);
            if (hourly) _redeemers(truth);
            _checkWorld(truth);
        }
        for (uint256 i; i < tracked.length; ++i) {
            if (tracked[i].status == Status.InAuction) ++stats.unsoldAtEnd;
        }
        stats.sharePriceAfter = _sharePriceWad();
        stats.totalAssetsAfter = pool.totalAssets();
        vm.resumeGasMetering();
        _report(name);
        return stats;
    }

    /*//////////////////////////////////////////////////////////////
                                  ACTORS
    //////////////////////////////////////////////////////////////*/

    /// @dev Feeders report when the heartbeat is due or the truth moved past the deviation trigger,
    /// never inside the oracle's spacing. Returns whether the oracle accepted a new value.
    function _feed(uint256 truth, uint256 t) internal returns (bool updated) {
        (uint256 last, uint256 updatedAt, uint256 roundId) = oracle.latestPrice(address(nft));
        uint256 age = block.timestamp - updatedAt;
        if (age < oracle.collectionConfig(address(nft)).minSpacing) return false;
        uint256 move = truth > last ? truth - last : last - truth;
        if (age < models.feederHeartbeat && move * BPS <= last * models.feederDeviationBps) return false;
        _submitAll(truth, t);
        (,, uint256 newRound) = oracle.latestPrice(address(nft));
        updated = newRound != roundId;
        if (updated) ++stats.oracleUpdates;
    }

    /// @dev Every feeder reports the truth with its own deterministic noise.
    function _submitAll(uint256 truth, uint256 slot) internal {
        for (uint256 i; i < feeders.length; ++i) {
            int256 noise =
                PricePaths.signedNoise(keccak256(abi.encode("feeder", i)), slot, models.feederNoiseBps);
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 report = truth * uint256(int256(BPS) + noise) / BPS;
            vm.prank(feeders[i]);
            oracle.submit(address(nft), report);
        }
    }

    /// @dev Liquidates every loan with a health factor below 1; restarts every decayed, unsold auction.
    function _keeper() internal {
        for (uint256 i; i < tracked.length; ++i) {
            Tracked storage item = tracked[i];
            if (item.status == Status.Live) {
                uint256 hf = pool.healthFactor(item.loanId, item.loan);
                if (hf < stats.worstHf) stats.worstHf = hf;
                if (hf >= WAD) continue;
                vm.prank(keeper);
                item.auction = pool.startLiquidation(item.loanId, item.loan);
                item.status = Status.InAuction;
                item.liquidatedAt = block.timestamp;
                item.nftHolder = address(pool);
                ++stats.liquidated;
            } else if (item.status == Status.InAuction) {
                // forge-lint: disable-next-line(block-timestamp)
                if (block.timestamp < uint256(item.auction.startTime) + item.auction.duration) continue;
                vm.prank(keeper);
                item.auction = pool.restart(item.loanId, item.auction);
                ++stats.restarted;
            }
        }
    }

    /// @dev Bidders buy every auction priced at or below the truth net of their margin.
    function _bidders(uint256 truth) internal {
        uint256 willing = truth * (BPS - models.bidMarginBps) / BPS;
        for (uint256 i; i < tracked.length; ++i) {
            Tracked storage item = tracked[i];
            if (item.status != Status.InAuction) continue;
            // forge-lint: disable-next-line(block-timestamp)
            if (block.timestamp < item.liquidatedAt + models.bidderDelay) continue;
            uint256 price = pool.auctionPrice(item.auction, block.timestamp);
            if (price > willing) continue;
            ILendingPoolTypes.Auction memory auction = item.auction;
            vm.prank(bidder);
            uint256 paid = pool.buy(item.loanId, auction, price, bidder);
            assertEq(paid, price, "paid the quoted price");
            uint256 toPool = paid < auction.debt ? paid : auction.debt;
            if (toPool < auction.bookValue) stats.badDebt += auction.bookValue - toPool;
            stats.surplusToBorrowers += paid - toPool;
            item.status = Status.Sold;
            item.nftHolder = bidder;
            ++stats.sold;
            uint256 elapsed = block.timestamp - item.liquidatedAt;
            stats.sumTimeToSale += elapsed;
            if (elapsed > stats.maxTimeToSale) stats.maxTimeToSale = elapsed;
        }
    }

    /// @dev Redeemers buy their NFT back when its market value net of the margin covers debt + penalty.
    function _redeemers(uint256 truth) internal {
        uint256 worth = truth * (BPS - models.bidMarginBps) / BPS;
        for (uint256 i; i < tracked.length; ++i) {
            Tracked storage item = tracked[i];
            if (item.status != Status.InAuction || !item.redeemer) continue;
            ILendingPoolTypes.Auction memory auction = item.auction;
            uint256 cost = auction.debt + (auction.debt * auction.penaltyBps + BPS - 1) / BPS;
            if (worth < cost) continue;
            _fundWeth(item.borrower, cost);
            vm.startPrank(item.borrower);
            weth.approve(address(pool), cost);
            pool.redeemLoan(item.loanId, auction);
            vm.stopPrank();
            item.status = Status.Redeemed;
            item.nftHolder = auction.borrower;
            ++stats.redeemed;
        }
    }

    function _borrowScheduled(BorrowEvent memory e) internal {
        uint256 index = tracked.length;
        uint256 tokenId = FIRST_TOKEN_ID + index;
        address account = makeAddr(string.concat("scenario-borrower", vm.toString(index)));
        _mintNft(account, tokenId);
        vm.prank(account);
        nft.setApprovalForAll(address(core), true);
        uint256 principal = pool.maxBorrow(address(nft), tokenId, BPS, noProof) * e.shareOfMaxBps / BPS;
        ILoanTypes.LoanTerms memory terms = ILoanTypes.LoanTerms({
            collateral: address(nft),
            tokenId: tokenId,
            collateralAmount: 0,
            currency: address(weth),
            principal: principal,
            aprBps: uint32(pool.quote(principal)),
            duration: uint32(models.loanDuration),
            gracePeriod: 0,
            defaultMode: ILoanTypes.DefaultMode.Managed,
            delegate: address(0)
        });
        vm.recordLogs();
        vm.prank(account);
        uint256 loanId = core.borrowFrom(address(pool), terms, "");
        tracked.push();
        Tracked storage item = tracked[index];
        item.loanId = loanId;
        item.loan = _lastLoan();
        item.borrower = account;
        item.redeemer = e.redeemer;
        item.nftHolder = address(core);
        ++stats.loansMade;
        stats.principalLent += principal;
    }

    function _repay(uint256 index) internal {
        Tracked storage item = tracked[index];
        if (item.status != Status.Live) return;
        uint256 debt = _debt(item.loan);
        _fundWeth(item.borrower, debt);
        vm.startPrank(item.borrower);
        weth.approve(address(core), debt);
        core.repay(item.loanId, item.loan);
        vm.stopPrank();
        item.status = Status.Repaid;
        item.nftHolder = item.borrower;
        ++stats.repaid;
    }

    function _withdrawAll(address lender_) internal {
        uint256 amount = pool.maxWithdraw(lender_);
        if (amount == 0) return;
        vm.prank(lender_);
        pool.withdraw(amount, lender_, lender_);
    }

    function _fundWeth(address account, uint256 amount) internal {
        vm.deal(account, amount);
        vm.prank(account);
        weth.deposit{value: amount}();
    }

    /*//////////////////////////////////////////////////////////////
                              CHECKS AND VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @dev The pool's accounting against the harness's own model, after every step:
    /// totalAssets = cash + lent + interest; the token balance = cash + reserves + claimable (no
    /// donations in the scenarios); lent = principal of live loans + book value of live auctions;
    /// accrued interest <= what the live loans owe; the bad debt written off = the model's (book value
    /// minus what the pool took, per sale); every NFT with its expected holder. Also records the peak
    /// bad debt (% of pool assets) and the peak shortfall (what depositors would lose if every live loan
    /// and auction were sold now at the bidders' price).
    function _checkWorld(uint256 truth) internal {
        ILendingPoolTypes.Totals memory totals = pool.totals();
        uint256 totalAssets = pool.totalAssets();
        assertEq(
            totalAssets, totals.cash + totals.lent + totals.interest, "totalAssets = cash + lent + interest"
        );
        assertEq(
            weth.balanceOf(address(pool)),
            totals.cash + totals.reserves + totals.claimable,
            "balance = cash + outflows"
        );
        uint256 lent;
        uint256 owedInterest;
        uint256 shortfall;
        uint256 realisable = truth * (BPS - models.bidMarginBps) / BPS;
        for (uint256 i; i < tracked.length; ++i) {
            Tracked storage item = tracked[i];
            assertEq(nft.ownerOf(item.loan.tokenId), item.nftHolder, "NFT where the model says");
            uint256 claim;
            if (item.status == Status.Live) {
                lent += item.loan.principal;
                claim = _debt(item.loan);
                owedInterest += claim - item.loan.principal;
                assertEq(
                    pool.loanRecord(item.loanId).principal, item.loan.principal, "pool's record of the loan"
                );
            } else if (item.status == Status.InAuction) {
                lent += item.auction.bookValue;
                claim = item.auction.bookValue;
            }
            if (claim > realisable) shortfall += claim - realisable;
        }
        assertEq(totals.lent, lent, "lent = live principal + auctions' book value");
        assertLe(totals.interest, owedInterest, "accrued interest <= what live loans owe");
        assertEq(totals.badDebt, stats.badDebt, "bad debt = model's");
        if (shortfall > stats.peakShortfall) stats.peakShortfall = shortfall;
        if (totalAssets != 0) {
            uint256 pct = stats.badDebt * BPS / totalAssets;
            if (pct > stats.peakBadDebtBps) stats.peakBadDebtBps = pct;
        }
    }

    /// @dev Assets per whole share (10^decimals share units).
    function _sharePriceWad() internal view returns (uint256) {
        return pool.convertToAssets(10 ** pool.decimals());
    }

    /*//////////////////////////////////////////////////////////////
                                 REPORTING
    //////////////////////////////////////////////////////////////*/

    function _report(string memory name) internal view {
        Stats memory s = stats;
        uint256 meanToSale = s.sold == 0 ? 0 : s.sumTimeToSale / s.sold;
        console.log("== scenario:", name);
        console.log("loans made / principal (ETH)", s.loansMade, _fmt(s.principalLent, 18, 2));
        console.log("loans liquidated / repaid", s.liquidated, s.repaid);
        console.log("auctions sold / redeemed / restarted", s.sold, s.redeemed, s.restarted);
        console.log("auctions unsold at end", s.unsoldAtEnd);
        console.log("bad debt (ETH)", _fmt(s.badDebt, 18, 4));
        console.log("bad debt, peak % of pool assets", _fmt(s.peakBadDebtBps, 2, 2));
        console.log("peak shortfall at bidders' price (ETH)", _fmt(s.peakShortfall, 18, 2));
        console.log(
            "pool assets before / after (ETH)",
            _fmt(s.totalAssetsBefore, 18, 2),
            _fmt(s.totalAssetsAfter, 18, 2)
        );
        console.log(
            "share price before / after", _fmt(s.sharePriceBefore, 18, 6), _fmt(s.sharePriceAfter, 18, 6)
        );
        console.log("worst health factor seen", _fmt(s.worstHf, 18, 4));
        console.log(
            "HF<1 -> sale, max / mean (h)",
            _fmt(s.maxTimeToSale * 100 / 1 hours, 2, 2),
            _fmt(meanToSale * 100 / 1 hours, 2, 2)
        );
        console.log("surplus owed to borrowers (ETH)", _fmt(s.surplusToBorrowers, 18, 2));
        console.log("oracle updates", s.oracleUpdates);
        console.log(_tableRow(name, s, meanToSale));
    }

    /// @dev The scenario's row of the figures table in docs/pools-and-oracle.md.
    function _tableRow(string memory name, Stats memory s, uint256 meanToSale)
        internal
        pure
        returns (string memory)
    {
        string memory counts = string.concat(
            vm.toString(s.loansMade),
            " | ",
            vm.toString(s.liquidated),
            " | ",
            vm.toString(s.sold),
            " / ",
            vm.toString(s.redeemed),
            " / ",
            vm.toString(s.restarted)
        );
        string memory losses = string.concat(_fmt(s.badDebt, 18, 4), " (", _fmt(s.peakBadDebtBps, 2, 2), "%)");
        string memory shares =
            string.concat(_fmt(s.sharePriceBefore, 18, 6), " -> ", _fmt(s.sharePriceAfter, 18, 6));
        string memory times = string.concat(
            _fmt(s.maxTimeToSale * 100 / 1 hours, 2, 2), " / ", _fmt(meanToSale * 100 / 1 hours, 2, 2)
        );
        return string.concat(
            "| ",
            name,
            " | ",
            counts,
            " | ",
            losses,
            " | ",
            shares,
            " | ",
            _fmt(s.worstHf, 18, 3),
            " | ",
            times,
            " |"
        );
    }

    /// @dev `value` with `decimals` decimals, printed with `digits` fraction digits (truncated).
    function _fmt(uint256 value, uint256 decimals, uint256 digits) internal pure returns (string memory) {
        if (value == type(uint256).max) return "n/a";
        uint256 unit = 10 ** decimals;
        string memory fraction = vm.toString((value % unit) / 10 ** (decimals - digits) + 10 ** digits);
        // Drop the leading "1" that keeps the fraction's zeros.
        bytes memory padded = bytes(fraction);
        bytes memory digitsOnly = new bytes(padded.length - 1);
        for (uint256 i = 1; i < padded.length; ++i) {
            digitsOnly[i - 1] = padded[i];
        }
        return string.concat(vm.toString(value / unit), ".", string(digitsOnly));
    }
}
