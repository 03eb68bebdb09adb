// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeed} from "../../../../src/feeds/PriceFeed.sol";
import {ILendingPoolTypes} from "../../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanCore} from "../../../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../../../src/interfaces/ILoanTypes.sol";
import {FloorOracle} from "../../../../src/oracle/FloorOracle.sol";
import {LendingPool} from "../../../../src/pools/LendingPool.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

/// @notice Drives a pool (WETH or the 6-decimal dUSD) through random deposits, withdrawals, borrows, repayments (full and
/// partial), floor moves through the real oracle (three feeders), pauses, time, liquidations, buys,
/// redemptions and restarts, and keeps a model of live loans and auctions plus ghost flags for the
/// invariants that are checked per call.
contract PoolHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant WAD = 1e18;

    struct LiveLoan {
        uint256 loanId;
        ILoanTypes.Loan loan;
        address borrower;
    }

    struct LiveAuction {
        uint256 loanId;
        ILendingPoolTypes.Auction auction;
    }

    /// @notice The world the handler acts in.
    struct World {
        LendingPool pool;
        FloorOracle oracle;
        address oracleOwner;
        address collection;
        address[3] feeders;
        address[2] lenders;
        address[2] borrowers;
        address buyer;
        address keeper;
        uint256 floor;
        /// Deposit bounds in asset units (about 10^-6 .. 50 ETH worth).
        uint256 depositMin;
        uint256 depositMax;
    }

    LendingPool public immutable pool;
    ILoanCore public immutable core;
    FloorOracle public immutable oracle;
    address public immutable oracleOwner;
    address internal immutable _nft;
    address[3] internal feeders;
    address[2] internal lenders;
    address[2] internal borrowers;
    address internal buyer;
    address internal keeper;

    LiveLoan[] internal _loans;
    LiveAuction[] internal _auctions;
    uint256 public floor;
    uint256 internal _depositMin;
    uint256 internal _depositMax;

    // Ghosts.
    uint256 public principalOut; // sum of live loans' principal
    uint256 public auctionBookValue; // sum of live auctions' book values
    bool public sharePriceFellWithoutBadDebt;
    bool public healthyLoanLiquidated;
    bool public repayBlocked;
    uint256 public calls;
    // Effective actions (not skipped), to see that runs reach every path.
    uint256 public borrows;
    uint256 public repays;
    uint256 public liquidations;
    uint256 public sales;
    uint256 public redemptions;
    uint256 public restarts;

    constructor(World memory world) {
        pool = world.pool;
        core = world.pool.loanCore();
        oracle = world.oracle;
        oracleOwner = world.oracleOwner;
        _nft = world.collection;
        feeders = world.feeders;
        lenders = world.lenders;
        borrowers = world.borrowers;
        buyer = world.buyer;
        keeper = world.keeper;
        floor = world.floor;
        _depositMin = world.depositMin;
        _depositMax = world.depositMax;
    }

    function loanCount() external view returns (uint256) {
        return _loans.length;
    }

    function auctionCount() external view returns (uint256) {
        return _auctions.length;
    }

    function loanAt(uint256 i) external view returns (LiveLoan memory) {
        return _loans[i];
    }

    function auctionAt(uint256 i) external view returns (LiveAuction memory) {
        return _auctions[i];
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    modifier tracked() {
        (uint256 assets, uint256 shares) = _price();
        uint256 badDebt = pool.totals().badDebt;
        _;
        (uint256 assetsAfter, uint256 sharesAfter) = _price();
        if (assetsAfter * shares < assets * sharesAfter && pool.totals().badDebt == badDebt) {
            sharePriceFellWithoutBadDebt = true;
        }
        ++calls;
    }

    function deposit(uint256 actor, uint256 amount) external tracked {
        address lender = lenders[actor % 2];
        // At most what the lender holds (a long run of deposits could otherwise outspend it).
        uint256 balance = IERC20(pool.asset()).balanceOf(lender);
        if (balance < _depositMin) return;
        amount = bound(amount, _depositMin, balance < _depositMax ? balance : _depositMax);
        vm.prank(lender);
        pool.deposit(amount, lender);
    }

    function withdraw(uint256 actor, uint256 amount) external tracked {
        address lender = lenders[actor % 2];
        uint256 max = pool.maxWithdraw(lender);
        if (max == 0) return;
        amount = bound(amount, 1, max);
        vm.prank(lender);
        pool.withdraw(amount, lender, lender);
    }

    function borrow(uint256 actor, uint256 tokenSeed, uint256 amount) external tracked {
        address account = borrowers[actor % 2];
        uint256 tokenId = (actor % 2) * 5 + 1 + tokenSeed % 5;
        if (IERC721(_nft).ownerOf(tokenId) != account || oracle.paused(_nft)) return;
        // Feeders keep reporting (heartbeat): a borrower finds a fresh floor unless a move just failed.
        (, uint256 updatedAt,) = oracle.latestPrice(_nft);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - updatedAt >= oracle.collectionConfig(_nft).maxStaleness) _submit(floor);
        // And the ETH/USD updater (the oracle's owner here) keeps a USD pool's quote fresh.
        address quoteFeed = pool.quoteFeed();
        if (quoteFeed != address(0)) {
            (, int256 answer,,,) = PriceFeed(quoteFeed).latestRoundData();
            vm.prank(oracleOwner);
            PriceFeed(quoteFeed).updateAnswer(answer);
        }
        uint256 max;
        try pool.maxBorrow(_nft, tokenId, 0, new bytes32[](0)) returns (uint256 m) {
            max = m;
        } catch {
            return; // stale floor: borrowing blocked, as designed
        }
        if (max < _depositMin) return;
        // Mostly near the LTV limit, where price moves matter.
        amount = bound(amount, max / 2, max);
        ILoanTypes.LoanTerms memory terms = ILoanTypes.LoanTerms({
            collateral: _nft,
            tokenId: tokenId,
            collateralAmount: 0,
            currency: pool.asset(),
            principal: amount,
            aprBps: uint32(pool.quote(amount)),
            duration: 30 days,
            gracePeriod: 0,
            defaultMode: ILoanTypes.DefaultMode.Managed,
            delegate: address(0)
        });
        vm.recordLogs();
        vm.prank(account);
        uint256 loanId = core.borrowFrom(address(pool), terms, "");
        _loans.push(LiveLoan(loanId, _lastLoan(), account));
        ++borrows;
        principalOut += amount;
    }

    function repay(uint256 index, uint256 amount, bool partly) external tracked {
        if (_loans.length == 0) return;
        index = index % _loans.length;
        LiveLoan memory live = _loans[index];
        (, uint256 debt) = core.debtAt(live.loan, block.timestamp);
        amount = partly ? bound(amount, 1, debt) : debt;
        vm.recordLogs();
        vm.prank(live.borrower);
        try core.repayPartial(live.loanId, live.loan, amount) {
            ++repays;
            if (amount == debt) {
                principalOut -= live.loan.principal;
                _removeLoan(index);
            } else {
                ILoanTypes.Loan memory updated = _lastLoan();
                principalOut = principalOut - live.loan.principal + updated.principal;
                _loans[index].loan = updated;
            }
        } catch {
            // Repayment must work whatever the oracle says (stale, paused, crashed).
            repayBlocked = true;
        }
    }

    function moveFloor(uint256 bps) external tracked {
        // -30% .. +25% per move, in as many spaced rounds as the oracle's clamp needs (at most 4 with the
        // default 10% clamp); the TWAP follows over its window (warp). Deeper falls: `crash`.
        bps = bound(bps, 7000, 12_500);
        uint256 target = floor * bps / 10_000;
        if (target < 0.5 ether) target = 0.5 ether;
        if (target > 50 ether) target = 50 ether;
        _moveSpot(target);
    }

    /// @dev Spaced rounds of three reports of `target` until the oracle's value is there (at most 8).
    function _moveSpot(uint256 target) internal {
        for (uint256 round; round < 8 && floor != target; ++round) {
            skip(oracle.collectionConfig(_nft).minSpacing);
            _submit(target);
        }
    }

    function _submit(uint256 price) internal {
        for (uint256 i; i < 3; ++i) {
            vm.prank(feeders[i]);
            oracle.submit(_nft, price);
        }
        (floor,,) = oracle.latestPrice(_nft);
    }

    function togglePause(bool paused) external tracked {
        vm.prank(oracleOwner);
        oracle.setPaused(_nft, paused);
    }

    function warp(uint256 seconds_) external tracked {
        skip(bound(seconds_, 1 minutes, 2 days));
    }

    function startLiquidation(uint256 index) external tracked {
        if (_loans.length == 0) return;
        _startLiquidation(index % _loans.length);
    }

    /// @dev A crash under one loan: the floor falls 25% at a time (three clamped rounds; the TWAP catches
    /// up over its window), at most three times, until the loan's health factor is below 1, then the
    /// keeper liquidates it. Makes auctions (and so buys, redemptions and restarts) common in every run.
    function crash(uint256 index) external tracked {
        if (_loans.length == 0) return;
        index = index % _loans.length;
        LiveLoan memory live = _loans[index];
        for (uint256 i; i < 3 && pool.healthFactor(live.loanId, live.loan) >= WAD && floor > 0.5 ether; ++i) {
            uint256 target = floor * 3 / 4;
            if (target < 0.5 ether) target = 0.5 ether;
            _moveSpot(target);
            skip(oracle.collectionConfig(_nft).twapWindow);
            _submit(floor);
        }
        _startLiquidation(index);
    }

    function _startLiquidation(uint256 index) internal {
        LiveLoan memory live = _loans[index];
        uint256 hf = pool.healthFactor(live.loanId, live.loan);
        // forge-lint: disable-next-line(block-timestamp)
        bool overdue = block.timestamp > uint256(live.loan.startTime) + live.loan.duration;
        vm.prank(keeper);
        try pool.startLiquidation(live.loanId, live.loan) returns (ILendingPoolTypes.Auction memory auction) {
            if (hf >= WAD && !overdue) healthyLoanLiquidated = true;
            principalOut -= live.loan.principal;
            auctionBookValue += auction.bookValue;
            _auctions.push(LiveAuction(live.loanId, auction));
            ++liquidations;
            _removeLoan(index);
        } catch {
            if (hf < WAD || overdue) revert("liquidatable loan not liquidated");
        }
    }

    /// @dev Buys an auction, after waiting `wait` (up to the auction's decay) for a lower price.
    function buy(uint256 index, uint256 wait) external tracked {
        if (_auctions.length == 0) return;
        index = index % _auctions.length;
        LiveAuction memory live = _auctions[index];
        skip(bound(wait, 0, live.auction.duration));
        uint256 price = pool.auctionPrice(live.auction, block.timestamp);
        if (IERC20(pool.asset()).balanceOf(buyer) < price) return;
        vm.prank(buyer);
        pool.buy(live.loanId, live.auction, type(uint256).max, buyer);
        ++sales;
        auctionBookValue -= live.auction.bookValue;
        _removeAuction(index);
    }

    function redeem(uint256 index) external tracked {
        if (_auctions.length == 0) return;
        index = index % _auctions.length;
        LiveAuction memory live = _auctions[index];
        uint256 owed = live.auction.debt + (live.auction.debt * live.auction.penaltyBps + 9999) / 10_000;
        if (IERC20(pool.asset()).balanceOf(live.auction.borrower) < owed) return;
        vm.prank(live.auction.borrower);
        pool.redeemLoan(live.loanId, live.auction);
        ++redemptions;
        auctionBookValue -= live.auction.bookValue;
        _removeAuction(index);
    }

    function restart(uint256 index) external tracked {
        if (_auctions.length == 0) return;
        index = index % _auctions.length;
        LiveAuction memory live = _auctions[index];
        // The keeper restarts once the decay is over: wait for it (no bidder came).
        uint256 endsAt = uint256(live.auction.startTime) + live.auction.duration;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < endsAt) vm.warp(endsAt);
        _auctions[index].auction = pool.restart(live.loanId, live.auction);
        ++restarts;
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _price() internal view returns (uint256 assets, uint256 shares) {
        return (pool.totalAssets() + 1, pool.totalSupply() + 1e6);
    }

    function _removeLoan(uint256 index) internal {
        _loans[index] = _loans[_loans.length - 1];
        _loans.pop();
    }

    function _removeAuction(uint256 index) internal {
        _auctions[index] = _auctions[_auctions.length - 1];
        _auctions.pop();
    }

    function _lastLoan() internal returns (ILoanTypes.Loan memory loan) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            Vm.Log memory log = logs[i - 1];
            if (log.emitter != address(core)) continue;
            if (
                log.topics[0] == ILoanTypes.LoanStarted.selector
                    || log.topics[0] == ILoanTypes.LoanUpdated.selector
            ) {
                return abi.decode(log.data, (ILoanTypes.Loan));
            }
        }
        revert("no loan event");
    }
}
