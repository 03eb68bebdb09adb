// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../interfaces/IFloorOracle.sol";
import {ILendingPoolTypes} from "../interfaces/ILendingPoolTypes.sol";
import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {FeedReaderLib} from "../libraries/FeedReaderLib.sol";
import {PoolMathLib} from "../libraries/PoolMathLib.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";

/// @title LendingPoolBase
/// @notice Parameters, storage and internal machinery shared by LendingPool and LendingPoolExtension. The
/// extension runs by DELEGATECALL from the pool (EIP-170 keeps one contract under 24 KiB), so both see
/// the same storage; the pool deploys it in its own constructor with the same parameters, so both halves
/// read identical immutables and nothing is upgradeable.
abstract contract LendingPoolBase is ILendingPoolTypes, Ownable2Step, ReentrancyGuardTransient {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint16 public constant MAX_RESERVE_FACTOR_BPS = 5000;
    /// @notice Ceiling of the rate curve: the loan core's APR cap.
    uint256 public constant MAX_APR_BPS = 100_000;
    uint256 public constant MAX_LOAN_DURATION = 365 days;
    uint256 public constant MIN_AUCTION_DURATION = 1 hours;
    uint256 public constant MAX_AUCTION_DURATION = 30 days;
    uint256 public constant MAX_AUCTION_START_BPS = 100_000;
    uint256 public constant MAX_REDEMPTION_PENALTY_BPS = 2000;
    /// @notice Deposits stop at this many assets, so no aggregate can ever overflow (and block a repayment).
    uint256 public constant MAX_TOTAL_ASSETS = type(uint96).max;

    /// @dev Shares carry 6 more decimals than the asset (virtual shares against inflation attacks).
    uint8 internal constant FLAG_CARRIED = 1;
    /// @dev Set in every live loan's packed record (bit 7 of `flags`, the slot's top bit).
    uint8 internal constant FLAG_LIVE = 0x80;
    uint256 internal constant LIVE_BIT = 1 << 255;
    uint256 internal constant BPS = PoolMathLib.BPS;
    uint256 internal constant WAD = PoolMathLib.WAD;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @notice Deployment parameters (all immutable except the owner's settings).
    struct Parameters {
        address owner;
        address asset;
        ILoanCore loanCore;
        IFloorOracle oracle;
        /// ETH/quote feed (e.g. ETH/USD) for a pool whose asset is not ETH; zero for an ETH pool.
        address quoteFeed;
        /// Borrowing needs a quote younger than this (seconds); ignored without a quote feed.
        uint256 quoteMaxAge;
        RateCurve rateCurve;
        address treasury;
        uint16 reserveFactorBps;
        string name;
        string symbol;
    }

    address internal immutable _ASSET;
    uint8 internal immutable _ASSET_DECIMALS;
    ILoanCore internal immutable _CORE;
    IFloorOracle internal immutable _ORACLE;
    address internal immutable _QUOTE_FEED;
    uint8 internal immutable _QUOTE_DECIMALS;
    uint256 internal immutable _QUOTE_MAX_AGE;
    uint32 internal immutable _BASE_APR_BPS;
    uint32 internal immutable _SLOPE1_BPS;
    uint32 internal immutable _SLOPE2_BPS;
    uint16 internal immutable _KINK_BPS;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Depositors' cash, what is lent out (principal of live loans + book value of auctions), when the
    /// accrual was last brought forward (32 bits: until 2106), and the reserve factor for new loans.
    /// Bounds: deposits stop at MAX_TOTAL_ASSETS = 2^96, so 104 bits leave 256x room for interest.
    struct Balances {
        uint104 cash;
        uint104 lent;
        uint32 lastUpdate;
        /// Read by every borrow, so it lives here.
        uint16 reserveFactorBps;
    }

    /// @dev Over live loans, scaled by VALUE_SCALE: the sum of their accrued interest value as of
    /// `lastUpdate` (carried interest * share + rate * elapsed, exact integers), and the sum of their rates.
    struct Accrual {
        uint144 accrued;
        uint112 rate;
    }

    /// @dev Asset held by the pool that is not the depositors'.
    struct Outflows {
        uint128 reserves;
        uint128 claimable;
    }

    struct Settings {
        address treasury;
        uint32 versionCount;
    }

    /// @dev One collection config version in two slots: everything borrowing, health and liquidation
    /// read in the first (a liquidation reads one cold slot, not two), then the collection, which
    /// repayments read. Narrowed types, bounded by `_validate`: exposureCap <= MAX_TOTAL_ASSETS = 2^96 - 1,
    /// auctionDuration <= MAX_AUCTION_DURATION (30 days < 2^24), auctionStartBps <= MAX_AUCTION_START_BPS
    /// (100_000 < 2^24).
    struct Version {
        bool enabled;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint32 maxDuration;
        uint96 exposureCap;
        uint24 auctionDuration;
        uint24 auctionStartBps;
        uint16 auctionFloorBps;
        uint16 redemptionPenaltyBps;
        address collection;
    }

    Balances internal _balances;
    Accrual internal _accrual;
    Outflows internal _outflows;
    uint256 internal _badDebt;
    Settings internal _settings;
    address internal _guardian;
    string internal _name;
    string internal _symbol;

    mapping(address collection => CollectionState) internal _collections;
    mapping(uint32 version => Version) internal _versions;
    /// @dev Per loan id, one slot for its whole life in the pool: the packed LoanRecord while the loan is
    /// live (top bit set), then the hash of its auction with the top bit cleared (so a liquidation
    /// overwrites a used slot instead of paying for a fresh one), then zero.
    mapping(uint256 loanId => bytes32) internal _positions;
    /// @dev Only for loans with the FLAG_CARRIED flag.
    mapping(uint256 loanId => uint256) internal _carried;
    mapping(address account => uint256) internal _claimable;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @dev Checks the parameters and sets the immutables; the pool alone writes its initial storage.
    constructor(Parameters memory p) Ownable(p.owner) {
        if (p.asset.code.length == 0) revert InvalidParameter("asset", uint160(p.asset));
        if (address(p.loanCore).code.length == 0) {
            revert InvalidParameter("loanCore", uint160(address(p.loanCore)));
        }
        if (address(p.oracle).code.length == 0) {
            revert InvalidParameter("oracle", uint160(address(p.oracle)));
        }
        if (p.treasury == address(0)) revert InvalidParameter("treasury", 0);
        if (p.reserveFactorBps > MAX_RESERVE_FACTOR_BPS) {
            revert InvalidParameter("reserveFactorBps", p.reserveFactorBps);
        }
        RateCurve memory curve = p.rateCurve;
        if (curve.kinkBps == 0 || curve.kinkBps >= BPS) revert InvalidParameter("kinkBps", curve.kinkBps);
        uint256 maxApr = uint256(curve.baseAprBps) + curve.slope1Bps + curve.slope2Bps;
        if (maxApr > MAX_APR_BPS) revert InvalidParameter("maxAprBps", maxApr);
        (bool ok, uint8 assetDecimals) = FeedReaderLib.tryDecimals(p.asset);
        if (!ok || assetDecimals > 36) revert InvalidParameter("assetDecimals", assetDecimals);
        if (p.quoteFeed != address(0)) {
            uint8 quoteDecimals;
            (ok, quoteDecimals) = FeedReaderLib.tryDecimals(p.quoteFeed);
            if (!ok || quoteDecimals > 36) revert InvalidParameter("quoteFeed", uint160(p.quoteFeed));
            if (p.quoteMaxAge == 0) revert InvalidParameter("quoteMaxAge", 0);
            _QUOTE_DECIMALS = quoteDecimals;
        }
        _ASSET = p.asset;
        _ASSET_DECIMALS = assetDecimals;
        _CORE = p.loanCore;
        _ORACLE = p.oracle;
        _QUOTE_FEED = p.quoteFeed;
        _QUOTE_MAX_AGE = p.quoteMaxAge;
        _BASE_APR_BPS = curve.baseAprBps;
        _SLOPE1_BPS = curve.slope1Bps;
        _SLOPE2_BPS = curve.slope2Bps;
        _KINK_BPS = curve.kinkBps;
    }

    /*//////////////////////////////////////////////////////////////
                            INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _rate(uint256 lent, uint256 total) internal view returns (uint256) {
        return PoolMathLib.borrowRateUp(_BASE_APR_BPS, _SLOPE1_BPS, _SLOPE2_BPS, _KINK_BPS, lent, total);
    }

    /// @dev Depositors' share of accrued interest, rounded down from the scaled sum.
    function _interestValue(Balances memory b, Accrual memory a) internal view returns (uint256) {
        return
            (uint256(a.accrued) + uint256(a.rate) * (block.timestamp - b.lastUpdate))
                / PoolMathLib.VALUE_SCALE;
    }

    /// @dev Scaled interest value a loan contributes to `accrued` now.
    function _contribution(LoanRecord memory record, uint256 carried, uint256 share)
        internal
        view
        returns (uint256)
    {
        return PoolMathLib.interestRate(record.principal, record.aprBps, share)
            * (block.timestamp - record.accrualStart) + PoolMathLib.carriedScaled(carried, share);
    }

    /// @dev Brings `accrued` forward to now at the current rate (in memory; the caller stores both).
    function _bringForward(Balances memory b, Accrual memory a) internal view {
        a.accrued =
            SafeCastLib.toUint144(uint256(a.accrued) + uint256(a.rate) * (block.timestamp - b.lastUpdate));
        b.lastUpdate = uint32(block.timestamp);
    }

    /// @dev Ends an auction with `received` for the pool (at most its debt): the book value leaves `lent`;
    /// cash gets up to the book value, reserves the rest; a shortfall is written off.
    function _settle(uint256 loanId, Auction calldata auction, uint256 received) internal {
        uint256 bookValue = auction.bookValue;
        Balances memory b = _balances;
        // forge-lint: disable-next-line(unsafe-typecast)
        b.lent -= uint104(bookValue);
        if (received >= bookValue) {
            // forge-lint: disable-next-line(unsafe-typecast)
            b.cash += uint104(bookValue);
            // forge-lint: disable-next-line(unsafe-typecast)
            if (received > bookValue) _outflows.reserves += uint128(received - bookValue);
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            b.cash += uint104(received);
            _badDebt += bookValue - received;
            emit BadDebtWrittenOff(loanId, bookValue - received);
        }
        _balances = b;
        _collections[auction.collection].exposure -= uint128(auction.principal);
    }

    function _owe(address account, uint256 amount) internal {
        _claimable[account] += amount;
        // forge-lint: disable-next-line(unsafe-typecast)
        _outflows.claimable += uint128(amount);
        emit PaymentOwed(account, amount);
    }

    function _checkAuction(uint256 loanId, Auction calldata auction) internal view {
        bytes32 stored = _positions[loanId];
        if (stored == 0 || uint256(stored) & LIVE_BIT != 0) revert AuctionNotFound(loanId);
        bytes32 supplied = _auctionKey(auction);
        if (supplied != stored) revert AuctionHashMismatch(loanId, stored, supplied);
    }

    function _useAuction(uint256 loanId, Auction calldata auction) internal {
        _checkAuction(loanId, auction);
        delete _positions[loanId];
    }

    /// @dev The stored form of an auction: its hash without the top bit (never a live loan's record).
    function _auctionKey(Auction memory auction) internal pure returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encode(auction))) & ~LIVE_BIT);
    }

    /// @dev The live loan's record, or an empty one (principal 0) when `loanId` is not a live pool loan.
    function _loadRecord(uint256 loanId) internal view returns (LoanRecord memory record) {
        uint256 raw = uint256(_positions[loanId]);
        if (raw & LIVE_BIT == 0) return record;
        // Safe: each field is masked to its width.
        // forge-lint: disable-start(unsafe-typecast)
        record.principal = uint96(raw);
        record.aprBps = uint24(raw >> 96);
        record.accrualStart = uint40(raw >> 120);
        record.feeBps = uint16(raw >> 160);
        record.reserveFactorBps = uint16(raw >> 176);
        record.version = uint32(raw >> 192);
        record.premiumBps = uint24(raw >> 224);
        record.flags = uint8(raw >> 248);
        // forge-lint: disable-end(unsafe-typecast)
    }

    function _storeRecord(uint256 loanId, LoanRecord memory r) internal {
        _positions[loanId] = bytes32(
            uint256(r.principal) | uint256(r.aprBps) << 96 | uint256(r.accrualStart) << 120
                | uint256(r.feeBps) << 160 | uint256(r.reserveFactorBps) << 176 | uint256(r.version) << 192
                | uint256(r.premiumBps) << 224 | uint256(r.flags | FLAG_LIVE) << 248
        );
    }

    function _borrowValue(address collection, uint256 premiumBps) internal view returns (uint256) {
        return _toAsset(PoolMathLib.bpsDown(_ORACLE.borrowPrice(collection), premiumBps), true);
    }

    function _liquidationValue(address collection, uint256 premiumBps) internal view returns (uint256) {
        return _toAsset(PoolMathLib.bpsDown(_ORACLE.liquidationPrice(collection), premiumBps), false);
    }

    /// @dev ETH -> asset, rounded down. Borrowing (`fresh`) needs a quote within `quoteMaxAge`, like a
    /// fresh floor; health and auctions use the latest positive quote however old.
    function _toAsset(uint256 ethAmount, bool fresh) internal view returns (uint256) {
        address feed = _QUOTE_FEED;
        if (feed == address(0)) return PoolMathLib.toAsset(ethAmount, 1, 0, _ASSET_DECIMALS);
        (bool ok,, int256 answer, uint256 updatedAt) = FeedReaderLib.tryLatestRound(feed);
        if (!ok || answer <= 0) revert QuoteUnavailable(feed);
        // forge-lint: disable-next-line(block-timestamp)
        if (fresh && (updatedAt > block.timestamp || block.timestamp - updatedAt > _QUOTE_MAX_AGE)) {
            revert StaleQuote(feed, updatedAt, _QUOTE_MAX_AGE);
        }
        // Safe: answer > 0 checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        return PoolMathLib.toAsset(ethAmount, uint256(answer), _QUOTE_DECIMALS, _ASSET_DECIMALS);
    }
}
