// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {ILoanLender} from "../interfaces/ILoanLender.sol";
import {ILoanTypes} from "../interfaces/ILoanTypes.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {PoolMathLib} from "../libraries/PoolMathLib.sol";
import {LendingPoolBase} from "./LendingPoolBase.sol";
import {LendingPoolExtension} from "./LendingPoolExtension.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ERC4626} from "solady/tokens/ERC4626.sol";
import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title LendingPool
/// @notice ERC-4626 pool of one asset lending against ERC-721 NFTs through the loan core; documented in
/// ILendingPool. Immutable: no proxy, and no owner path moves depositors' or borrowers' funds or changes
/// a live loan's or auction's terms. The hot paths (deposits, the core's callbacks, starting a liquidation,
/// views) run here; the rest runs in LendingPoolExtension by DELEGATECALL on this contract's storage.
contract LendingPool is ILendingPool, ERC4626, LendingPoolBase {
    using SafeTransferLib for address;

    /// @dev Shares carry 6 more decimals than the asset (virtual shares against inflation attacks).
    uint8 internal constant DECIMALS_OFFSET = 6;

    /// @notice Where the less frequent entry points run; deployed by this constructor with the same
    /// parameters.
    address public immutable extension;

    constructor(Parameters memory p) LendingPoolBase(p) {
        extension = address(new LendingPoolExtension(p));
        _name = p.name;
        _symbol = p.symbol;
        _settings = Settings({treasury: p.treasury, versionCount: 0});
        _balances.lastUpdate = uint32(block.timestamp);
        _balances.reserveFactorBps = p.reserveFactorBps;
        emit TreasurySet(p.treasury);
        emit ReserveFactorSet(p.reserveFactorBps);
        // The core pulls each loan's principal from the pool (`borrowFrom`); cash accounting bounds it.
        p.asset.safeApprove(address(p.loanCore), type(uint256).max);
    }

    /*//////////////////////////////////////////////////////////////
                         ERC-4626 (DEPOSITORS)
    //////////////////////////////////////////////////////////////*/

    function name() public view override returns (string memory) {
        return _name;
    }

    function symbol() public view override returns (string memory) {
        return _symbol;
    }

    function asset() public view override returns (address) {
        return _ASSET;
    }

    /// @notice Cash + lent + the depositors' share of accrued interest; never the token balance.
    function totalAssets() public view override returns (uint256) {
        Balances memory b = _balances;
        return uint256(b.cash) + b.lent + _interestValue(b, _accrual);
    }

    function maxDeposit(address) public view override returns (uint256) {
        uint256 assets = totalAssets();
        return assets >= MAX_TOTAL_ASSETS ? 0 : MAX_TOTAL_ASSETS - assets;
    }

    function maxMint(address to) public view override returns (uint256) {
        return convertToShares(maxDeposit(to));
    }

    /// @notice The owner's assets, limited to the cash on hand.
    function maxWithdraw(address owner_) public view override returns (uint256) {
        return FixedPointMathLib.min(convertToAssets(balanceOf(owner_)), _balances.cash);
    }

    /// @notice The owner's shares, limited to those whose assets the cash on hand covers.
    function maxRedeem(address owner_) public view override returns (uint256) {
        uint256 shares = balanceOf(owner_);
        uint256 cash = _balances.cash;
        if (convertToAssets(shares) <= cash) return shares;
        // Largest s with floor(s * (totalAssets + 1) / (supply + 10^offset)) <= cash.
        uint256 covered = FixedPointMathLib.fullMulDivUp(
            cash + 1, totalSupply() + 10 ** DECIMALS_OFFSET, totalAssets() + 1
        ) - 1;
        return FixedPointMathLib.min(shares, covered);
    }

    function deposit(uint256 assets, address to) public override nonReentrant returns (uint256 shares) {
        shares = super.deposit(assets, to);
        if (shares == 0) revert InvalidParameter("shares", 0);
    }

    function mint(uint256 shares, address to) public override nonReentrant returns (uint256 assets) {
        if (shares == 0) revert InvalidParameter("shares", 0);
        assets = super.mint(shares, to);
    }

    /// @dev Reverts `InsufficientLiquidity` when the cash on hand is short, before the ERC-4626 limit.
    function withdraw(uint256 assets, address to, address owner_)
        public
        override
        nonReentrant
        returns (uint256 shares)
    {
        _checkLiquidity(assets);
        shares = super.withdraw(assets, to, owner_);
    }

    /// @dev As `withdraw`.
    function redeem(uint256 shares, address to, address owner_)
        public
        override
        nonReentrant
        returns (uint256 assets)
    {
        _checkLiquidity(previewRedeem(shares));
        assets = super.redeem(shares, to, owner_);
    }

    /*//////////////////////////////////////////////////////////////
                  LOAN CORE CALLBACKS (BORROW, REPAY)
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILoanLender
    /// @dev `data` = abi.encode(uint256 multiplierBps, bytes32[] proof) for a premium; empty = the floor.
    function onLoanRequested(address, uint256 loanId, ILoanCore.Loan calldata loan, bytes calldata data)
        external
        nonReentrant
        returns (bytes4)
    {
        if (msg.sender != address(_CORE)) revert Unauthorized(msg.sender);
        _checkTerms(loan);
        (CollectionState memory state, uint256 premium, uint256 value) = _underwrite(loan, data);
        _book(loanId, loan, state, premium, value);
        return ILoanLender.onLoanRequested.selector;
    }

    /// @inheritdoc ILoanLender
    /// @dev Never reverts for the core's genuine calls: only arithmetic on quantities the core keeps
    /// consistent with what the pool recorded (remaining principal <= recorded principal, received >=
    /// principal paid).
    function onLoanRepaid(uint256 loanId, uint256 received, uint256 principal, uint256 carried)
        external
        nonReentrant
    {
        if (msg.sender != address(_CORE)) revert Unauthorized(msg.sender);
        LoanRecord memory record = _loadRecord(loanId);
        if (record.principal == 0) {
            // A lender note someone sent to the pool: not the depositors' loan, so not their money.
            // forge-lint: disable-next-line(unsafe-typecast)
            _outflows.reserves += uint128(received);
            emit UntrackedPayment(loanId, received);
            return;
        }
        uint256 share = PoolMathLib.lenderShare(record.feeBps, record.reserveFactorBps);
        uint256 oldCarried = record.flags & FLAG_CARRIED != 0 ? _carried[loanId] : 0;
        Balances memory b = _balances;
        Accrual memory a = _accrual;
        _bringForward(b, a);
        // The loan's contribution leaves the sums; what remains of it re-enters, accruing from now.
        uint256 accrued = a.accrued - _contribution(record, oldCarried, share);
        uint256 rate = a.rate - PoolMathLib.interestRate(record.principal, record.aprBps, share);
        if (principal != 0) {
            rate += PoolMathLib.interestRate(principal, record.aprBps, share);
            accrued += PoolMathLib.carriedScaled(carried, share);
        }
        a.accrued = SafeCastLib.toUint144(accrued);
        // forge-lint: disable-next-line(unsafe-typecast)
        a.rate = uint112(rate); // <= the previous rate: principal only falls

        uint256 principalPaid = record.principal - principal;
        // The reserve factor applies to interest net of the protocol fee, rounded down: what stays is at
        // least the depositors' share the accounting carried (see docs/pools-and-oracle.md).
        uint256 toReserves = PoolMathLib.bpsDown(received - principalPaid, record.reserveFactorBps);
        // forge-lint: disable-next-line(unsafe-typecast)
        b.cash += uint104(received - toReserves); // bounded by MAX_TOTAL_ASSETS plus interest
        // forge-lint: disable-next-line(unsafe-typecast)
        b.lent -= uint104(principalPaid);
        _balances = b;
        _accrual = a;
        // forge-lint: disable-next-line(unsafe-typecast)
        if (toReserves != 0) _outflows.reserves += uint128(toReserves);
        if (principalPaid != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _collections[_versions[record.version].collection].exposure -= uint128(principalPaid);
        }

        if (principal == 0) {
            delete _positions[loanId];
            if (oldCarried != 0) delete _carried[loanId];
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            record.principal = uint96(principal);
            record.accrualStart = uint40(block.timestamp);
            record.flags = carried != 0 ? FLAG_CARRIED : 0;
            _storeRecord(loanId, record);
            if (carried != 0) _carried[loanId] = carried;
            else if (oldCarried != 0) delete _carried[loanId];
        }
        emit LoanPaymentBooked(loanId, received, toReserves, principal, carried);
    }

    /*//////////////////////////////////////////////////////////////
             LIQUIDATION, AUCTIONS, ADMIN (extension)
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILendingPool
    /// @dev Here rather than in the extension: the DELEGATECALL hop to the (cold) extension cost ~3.5k gas
    /// on every liquidation.
    function startLiquidation(uint256 loanId, ILoanCore.Loan calldata loan)
        external
        nonReentrant
        returns (Auction memory auction)
    {
        LoanRecord memory record = _loadRecord(loanId);
        if (record.principal == 0) revert LoanNotManaged(loanId);
        // `loan` is checked against the core's hash by `liquidate` below, in this transaction.
        (uint256 debt, uint256 value, uint256 hf, Version storage config) =
            _checkLiquidatable(loanId, loan, record);
        auction.collection = loan.collateral;
        auction.tokenId = loan.tokenId;
        // `loanId << 1 | 1` is the core's `borrowerNoteId(loanId)` (LoanCoreBase; the core is immutable):
        // computed here, it saves a call (~500 gas).
        auction.borrower = IERC721(address(_CORE)).ownerOf(loanId << 1 | 1);
        auction.starter = msg.sender;
        auction.debt = debt;
        auction.bookValue = uint256(record.principal) + _removeLoan(loanId, record);
        auction.principal = record.principal;
        auction.startPrice = PoolMathLib.bpsUp(value, config.auctionStartBps);
        auction.floorPrice = PoolMathLib.bpsUp(value, config.auctionFloorBps);
        auction.startTime = uint40(block.timestamp);
        auction.duration = config.auctionDuration;
        auction.floorBps = config.auctionFloorBps;
        auction.penaltyBps = config.redemptionPenaltyBps;
        // Overwrites the loan's record: the slot goes on from loan to auction.
        _positions[loanId] = _auctionKey(auction);
        emit LiquidationStarted(loanId, msg.sender, hf, auction);

        _liquidateAtCore();
        // The core books the NFT instead when its transfer fails: then nothing can be auctioned yet.
        if (IERC721(loan.collateral).ownerOf(loan.tokenId) != address(this)) {
            revert CollateralNotReceived(loan.collateral, loan.tokenId);
        }
    }

    /// @inheritdoc ILendingPool
    function buy(uint256, Auction calldata, uint256, address) external returns (uint256) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function redeemLoan(uint256, Auction calldata) external returns (uint256) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function restart(uint256, Auction calldata) external returns (Auction memory) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function claim(address) external returns (uint256) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function collectReserves() external returns (uint256) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function setCollectionConfig(address, CollectionConfig calldata) external returns (uint32) {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function setBorrowingDisabled(address, bool) external {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function setReserveFactor(uint16) external {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function setTreasury(address) external {
        _forward();
    }

    /// @inheritdoc ILendingPool
    function setGuardian(address) external {
        _forward();
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILendingPool
    function quote(uint256 principal) external view returns (uint256) {
        Balances memory b = _balances;
        return _rate(uint256(b.lent) + principal, uint256(b.cash) + b.lent);
    }

    /// @inheritdoc ILendingPool
    function maxBorrow(address collection, uint256 tokenId, uint256 multiplierBps, bytes32[] calldata proof)
        external
        view
        returns (uint256)
    {
        CollectionState memory state = _collections[collection];
        if (state.version == 0) return 0;
        Version memory config = _versions[state.version];
        if (!config.enabled || state.borrowingDisabled) return 0;
        uint256 premium =
            proof.length == 0 ? BPS : _ORACLE.premiumBps(collection, tokenId, multiplierBps, proof);
        uint256 principal = PoolMathLib.bpsDown(_borrowValue(collection, premium), config.ltvBps);
        uint256 room = config.exposureCap > state.exposure ? config.exposureCap - state.exposure : 0;
        principal = FixedPointMathLib.min(principal, room);
        principal = FixedPointMathLib.min(principal, _balances.cash);
        return FixedPointMathLib.min(principal, type(uint96).max);
    }

    /// @inheritdoc ILendingPool
    function healthFactor(uint256 loanId, ILoanCore.Loan calldata loan) external view returns (uint256) {
        bytes32 stored = _CORE.loanHash(loanId);
        bytes32 supplied = keccak256(abi.encode(loan));
        if (stored != supplied) revert LoanHashMismatch(loanId, stored, supplied);
        LoanRecord memory record = _loadRecord(loanId);
        if (record.principal == 0) revert LoanNotManaged(loanId);
        (, uint256 debt) = LoanMathLib.debtAt(loan, block.timestamp);
        return PoolMathLib.healthFactor(
            _liquidationValue(loan.collateral, record.premiumBps),
            _versions[record.version].liquidationThresholdBps,
            debt
        );
    }

    /// @inheritdoc ILendingPool
    function auctionPrice(Auction calldata auction, uint256 timestamp) external pure returns (uint256) {
        return PoolMathLib.auctionPrice(
            auction.startPrice, auction.floorPrice, timestamp - auction.startTime, auction.duration
        );
    }

    /// @inheritdoc ILendingPool
    function borrowRate() external view returns (uint256) {
        Balances memory b = _balances;
        return _rate(b.lent, uint256(b.cash) + b.lent);
    }

    /// @inheritdoc ILendingPool
    function supplyRate() external view returns (uint256) {
        uint256 assets = totalAssets();
        if (assets == 0) return 0;
        // Interest per second to depositors = rate / VALUE_SCALE; per year over assets, in bps.
        return uint256(_accrual.rate) * PoolMathLib.YEAR * BPS / (PoolMathLib.VALUE_SCALE * assets);
    }

    /// @inheritdoc ILendingPool
    function utilization() external view returns (uint256) {
        Balances memory b = _balances;
        uint256 total = uint256(b.cash) + b.lent;
        return total == 0 ? 0 : uint256(b.lent) * BPS / total;
    }

    /// @inheritdoc ILendingPool
    function totals() external view returns (Totals memory t) {
        Balances memory b = _balances;
        Outflows memory o = _outflows;
        t = Totals({
            cash: b.cash,
            lent: b.lent,
            interest: _interestValue(b, _accrual),
            reserves: o.reserves,
            claimable: o.claimable,
            badDebt: _badDebt
        });
    }

    /// @inheritdoc ILendingPool
    function loanRecord(uint256 loanId) external view returns (LoanRecord memory) {
        return _loadRecord(loanId);
    }

    /// @inheritdoc ILendingPool
    function carriedInterest(uint256 loanId) external view returns (uint256) {
        return _carried[loanId];
    }

    /// @inheritdoc ILendingPool
    function auctionHash(uint256 loanId) external view returns (bytes32) {
        bytes32 stored = _positions[loanId];
        return uint256(stored) & LIVE_BIT == 0 ? stored : bytes32(0);
    }

    /// @inheritdoc ILendingPool
    function collectionState(address collection) external view returns (CollectionState memory) {
        return _collections[collection];
    }

    /// @inheritdoc ILendingPool
    function collectionConfig(uint32 version) external view returns (address, CollectionConfig memory) {
        Version memory v = _versions[version];
        return (
            v.collection,
            CollectionConfig({
                enabled: v.enabled,
                ltvBps: v.ltvBps,
                liquidationThresholdBps: v.liquidationThresholdBps,
                maxDuration: v.maxDuration,
                exposureCap: v.exposureCap,
                auctionDuration: v.auctionDuration,
                auctionStartBps: v.auctionStartBps,
                auctionFloorBps: v.auctionFloorBps,
                redemptionPenaltyBps: v.redemptionPenaltyBps
            })
        );
    }

    /// @inheritdoc ILendingPool
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @inheritdoc ILendingPool
    function rateCurve() external view returns (RateCurve memory) {
        return RateCurve({
            baseAprBps: _BASE_APR_BPS, slope1Bps: _SLOPE1_BPS, slope2Bps: _SLOPE2_BPS, kinkBps: _KINK_BPS
        });
    }

    /// @inheritdoc ILendingPool
    function reserveFactorBps() external view returns (uint16) {
        return _balances.reserveFactorBps;
    }

    /// @inheritdoc ILendingPool
    function treasury() external view returns (address) {
        return _settings.treasury;
    }

    /// @inheritdoc ILendingPool
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc ILendingPool
    function loanCore() external view returns (ILoanCore) {
        return _CORE;
    }

    /// @inheritdoc ILendingPool
    function oracle() external view returns (address) {
        return address(_ORACLE);
    }

    /// @inheritdoc ILendingPool
    function quoteFeed() external view returns (address) {
        return _QUOTE_FEED;
    }

    /// @inheritdoc ILendingPool
    function quoteMaxAge() external view returns (uint256) {
        return _QUOTE_MAX_AGE;
    }

    /*//////////////////////////////////////////////////////////////
                            INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _underlyingDecimals() internal view override returns (uint8) {
        return _ASSET_DECIMALS;
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return DECIMALS_OFFSET;
    }

    function _afterDeposit(uint256 assets, uint256) internal override {
        // forge-lint: disable-next-line(unsafe-typecast)
        _balances.cash += uint104(assets); // <= MAX_TOTAL_ASSETS (maxDeposit)
    }

    function _beforeWithdraw(uint256 assets, uint256) internal override {
        // forge-lint: disable-next-line(unsafe-typecast)
        _balances.cash -= uint104(assets); // <= cash (_checkLiquidity)
    }

    function _checkLiquidity(uint256 assets) internal view {
        uint256 cash = _balances.cash;
        if (assets > cash) revert InsufficientLiquidity(assets, cash);
    }

    /// @dev What the pool accepts of a borrower's terms (the collection's rules are checked after).
    function _checkTerms(ILoanCore.Loan calldata loan) internal view {
        if (loan.currency != _ASSET) revert InvalidTerms("currency", uint160(loan.currency));
        if (loan.defaultMode != ILoanTypes.DefaultMode.Managed) {
            revert InvalidTerms("defaultMode", uint8(loan.defaultMode));
        }
        if (loan.collateralAmount != 0) revert InvalidTerms("collateralAmount", loan.collateralAmount);
        if (loan.gracePeriod != 0) revert InvalidTerms("gracePeriod", loan.gracePeriod);
        if (loan.duration == 0) revert InvalidTerms("duration", 0);
        if (loan.principal > type(uint96).max) revert InvalidTerms("principal", loan.principal);
        if (loan.aprBps > type(uint24).max) revert InvalidTerms("aprBps", loan.aprBps);
    }

    /// @dev The collection's rules and the collateral's value: listed, enabled, duration, LTV, exposure.
    function _underwrite(ILoanCore.Loan calldata loan, bytes calldata data)
        internal
        view
        returns (CollectionState memory state, uint256 premium, uint256 value)
    {
        address collection = loan.collateral;
        state = _collections[collection];
        if (state.version == 0) revert CollectionNotListed(collection);
        // Only the version's first slot: what borrowing needs.
        Version storage config = _versions[state.version];
        if (!config.enabled || state.borrowingDisabled) revert BorrowingDisabled(collection);
        if (loan.duration > config.maxDuration) revert InvalidTerms("duration", loan.duration);

        premium = BPS;
        if (data.length != 0) {
            (uint256 multiplierBps, bytes32[] memory proof) = abi.decode(data, (uint256, bytes32[]));
            premium = _ORACLE.premiumBps(collection, loan.tokenId, multiplierBps, proof);
        }
        value = _borrowValue(collection, premium);
        uint256 maxPrincipal = PoolMathLib.bpsDown(value, config.ltvBps);
        if (loan.principal > maxPrincipal) revert PrincipalAboveLimit(loan.principal, maxPrincipal);
        if (loan.principal + state.exposure > config.exposureCap) {
            revert ExposureCapExceeded(collection, state.exposure, loan.principal, config.exposureCap);
        }
    }

    /// @dev The pool's liquidity and rate, then the loan enters the aggregates and its record is written.
    function _book(
        uint256 loanId,
        ILoanCore.Loan calldata loan,
        CollectionState memory state,
        uint256 premium,
        uint256 value
    ) internal {
        uint256 principal = loan.principal;
        Balances memory b = _balances;
        if (principal > b.cash) revert InsufficientLiquidity(principal, b.cash);
        uint256 quoteBps = _rate(uint256(b.lent) + principal, uint256(b.cash) + b.lent);
        if (loan.aprBps < quoteBps) revert AprBelowQuote(loan.aprBps, quoteBps);

        uint16 reserveFactor = b.reserveFactorBps;
        uint256 share = PoolMathLib.lenderShare(loan.feeBps, reserveFactor);
        // A new loan adds nothing accrued yet: only the rate grows.
        Accrual memory a = _accrual;
        _bringForward(b, a);
        a.rate =
            SafeCastLib.toUint112(uint256(a.rate) + PoolMathLib.interestRate(principal, loan.aprBps, share));
        // forge-lint: disable-next-line(unsafe-typecast)
        b.cash -= uint104(principal); // <= cash
        b.lent = SafeCastLib.toUint104(uint256(b.lent) + principal);
        _balances = b;
        _accrual = a;
        // forge-lint: disable-next-line(unsafe-typecast)
        state.exposure += uint128(principal);
        _collections[loan.collateral] = state;
        _storeRecord(
            loanId,
            LoanRecord({
                // forge-lint: disable-next-line(unsafe-typecast)
                principal: uint96(principal),
                aprBps: uint24(loan.aprBps),
                accrualStart: uint40(block.timestamp),
                feeBps: loan.feeBps,
                reserveFactorBps: reserveFactor,
                version: state.version,
                // forge-lint: disable-next-line(unsafe-typecast)
                premiumBps: uint24(premium),
                flags: 0
            })
        );
        emit LoanBooked(loanId, state.version, premium, value);
    }

    /// @dev Debt now, liquidation value, health factor and config version of a loan that may be
    /// liquidated (health factor below 1 or past its duration); reverts `LoanHealthy` otherwise.
    function _checkLiquidatable(uint256 loanId, ILoanCore.Loan calldata loan, LoanRecord memory record)
        internal
        view
        returns (uint256 debt, uint256 value, uint256 hf, Version storage config)
    {
        // LoanMathLib.debtAt's formula on the calldata fields: debtAt takes the struct in memory, and
        // copying all 16 fields out of calldata cost ~700 gas.
        debt = loan.principal + loan.carriedInterest
            + LoanMathLib.interestUp(loan.principal, loan.aprBps, block.timestamp - loan.accrualStart);
        // A storage pointer: the liquidation reads only the version's first slot (see Version).
        config = _versions[record.version];
        value = _liquidationValue(loan.collateral, record.premiumBps);
        hf = PoolMathLib.healthFactor(value, config.liquidationThresholdBps, debt);
        uint256 dueAt = uint256(loan.startTime) + loan.duration;
        // forge-lint: disable-next-line(block-timestamp)
        if (hf >= WAD && block.timestamp <= dueAt) revert LoanHealthy(loanId, hf, dueAt);
    }

    /// @dev Takes a liquidated loan out of the interest aggregates and its record. Returns the interest
    /// value it took from `totalAssets`, which stays in `lent` as part of the auction's book value, so
    /// `totalAssets` does not move.
    function _removeLoan(uint256 loanId, LoanRecord memory record) internal returns (uint256 interestValue) {
        uint256 share = PoolMathLib.lenderShare(record.feeBps, record.reserveFactorBps);
        uint256 oldCarried = record.flags & FLAG_CARRIED != 0 ? _carried[loanId] : 0;
        Balances memory b = _balances;
        Accrual memory a = _accrual;
        _bringForward(b, a);
        uint256 valueBefore = a.accrued / PoolMathLib.VALUE_SCALE;
        a.accrued -= uint144(_contribution(record, oldCarried, share));
        a.rate -= uint112(PoolMathLib.interestRate(record.principal, record.aprBps, share));
        interestValue = valueBefore - a.accrued / PoolMathLib.VALUE_SCALE;
        // forge-lint: disable-next-line(unsafe-typecast)
        b.lent += uint104(interestValue);
        _balances = b;
        _accrual = a;
        if (oldCarried != 0) delete _carried[loanId];
    }

    /// @dev `_CORE.liquidate(loanId, loan, address(this))` for `startLiquidation(loanId, loan)`: the
    /// arguments are forwarded from this call's calldata as they are (both ABI-encode `loanId` and the
    /// all-static `Loan` in the same 17 words right after the selector), instead of re-encoding the
    /// 16-field struct (~0.8k gas). The core decodes and checks them (hash, notes) as for any caller.
    function _liquidateAtCore() internal {
        bytes4 selector = ILoanCore.liquidate.selector;
        address core = address(_CORE);
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            calldatacopy(add(m, 0x04), 0x04, 0x220) // loanId, loan (1 + 16 words)
            mstore(add(m, 0x224), address())
            if iszero(call(gas(), core, 0, m, 0x244, 0, 0)) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    /// @dev Runs the extension's implementation of the called function on this contract's storage and
    /// returns or reverts with its result.
    function _forward() internal {
        address target = extension;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
