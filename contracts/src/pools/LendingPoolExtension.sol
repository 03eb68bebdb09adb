// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {PoolMathLib} from "../libraries/PoolMathLib.sol";
import {TransferLib} from "../libraries/TransferLib.sol";
import {LendingPoolBase} from "./LendingPoolBase.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title LendingPoolExtension
/// @notice The lending pool's less frequent entry points (liquidation, auctions, claims, reserves, admin).
/// LendingPool forwards them here by DELEGATECALL: they run on the pool's storage. Documented in
/// ILendingPool.
/// @dev Called directly, every function reverts (`onlyDelegated`).
contract LendingPoolExtension is LendingPoolBase {
    using SafeTransferLib for address;

    /// @notice Entry points run only inside the pool (by DELEGATECALL).
    error NotDelegated();

    address private immutable _SELF = address(this);

    constructor(Parameters memory p) LendingPoolBase(p) {}

    modifier onlyDelegated() {
        if (address(this) == _SELF) revert NotDelegated();
        _;
    }

    /*//////////////////////////////////////////////////////////////
                          AUCTIONS AND CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @dev See ILendingPool.
    function startLiquidation(uint256 loanId, ILoanCore.Loan calldata loan)
        external
        onlyDelegated
        nonReentrant
        returns (Auction memory auction)
    {
        LoanRecord memory record = _loadRecord(loanId);
        if (record.principal == 0) revert LoanNotManaged(loanId);
        // `loan` is checked against the core's hash by `liquidate` below, in this transaction.
        (uint256 debt, uint256 value, uint256 hf, Version memory config) =
            _checkLiquidatable(loanId, loan, record);
        auction.collection = loan.collateral;
        auction.tokenId = loan.tokenId;
        auction.borrower = IERC721(address(_CORE)).ownerOf(_CORE.borrowerNoteId(loanId));
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

        _CORE.liquidate(loanId, loan, address(this));
        // The core books the NFT instead when its transfer fails: then nothing can be auctioned yet.
        if (IERC721(loan.collateral).ownerOf(loan.tokenId) != address(this)) {
            revert CollateralNotReceived(loan.collateral, loan.tokenId);
        }
    }

    /// @dev See ILendingPool.
    function buy(uint256 loanId, Auction calldata auction, uint256 maxPrice, address to)
        external
        onlyDelegated
        nonReentrant
        returns (uint256 price)
    {
        _useAuction(loanId, auction);
        price = PoolMathLib.auctionPrice(
            auction.startPrice, auction.floorPrice, block.timestamp - auction.startTime, auction.duration
        );
        if (price > maxPrice) revert PriceAboveLimit(price, maxPrice);
        if (to == address(0)) to = msg.sender;
        if (to == address(this)) revert InvalidRecipient(to);

        uint256 toPool = FixedPointMathLib.min(price, auction.debt);
        uint256 surplus = price - toPool;
        _settle(loanId, auction, toPool);
        if (surplus != 0) _owe(auction.borrower, surplus);
        emit AuctionSold(loanId, msg.sender, to, price, toPool, surplus);

        _ASSET.safeTransferFrom(msg.sender, address(this), price);
        IERC721(auction.collection).transferFrom(address(this), to, auction.tokenId);
    }

    /// @dev See ILendingPool.
    function restart(uint256 loanId, Auction calldata auction)
        external
        onlyDelegated
        nonReentrant
        returns (Auction memory restarted)
    {
        _checkAuction(loanId, auction);
        uint256 endsAt = uint256(auction.startTime) + auction.duration;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < endsAt) revert AuctionNotOver(loanId, endsAt);
        restarted = auction;
        restarted.startPrice = auction.floorPrice;
        restarted.floorPrice = PoolMathLib.bpsDown(auction.floorPrice, auction.floorBps);
        restarted.startTime = uint40(block.timestamp);
        restarted.round = auction.round + 1;
        _positions[loanId] = _auctionKey(restarted);
        emit AuctionRestarted(loanId, restarted);
    }

    /// @dev See ILendingPool.
    function redeemLoan(uint256 loanId, Auction calldata auction)
        external
        onlyDelegated
        nonReentrant
        returns (uint256 paid)
    {
        _useAuction(loanId, auction);
        uint256 penalty = PoolMathLib.bpsUp(auction.debt, auction.penaltyBps);
        paid = auction.debt + penalty;
        _settle(loanId, auction, auction.debt);
        emit AuctionRedeemed(loanId, msg.sender, auction.debt, penalty);

        _ASSET.safeTransferFrom(msg.sender, address(this), paid);
        // A starter that cannot receive (blacklisted) is paid later through `claim`.
        if (penalty != 0 && !TransferLib.tryTransfer(_ASSET, auction.starter, penalty)) {
            _owe(auction.starter, penalty);
        }
        IERC721(auction.collection).transferFrom(address(this), auction.borrower, auction.tokenId);
    }

    /// @dev See ILendingPool.
    function claim(address to) external onlyDelegated nonReentrant returns (uint256 amount) {
        amount = _claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        if (to == address(0)) to = msg.sender;
        _claimable[msg.sender] = 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        _outflows.claimable -= uint128(amount);
        emit Claimed(msg.sender, to, amount);
        _ASSET.safeTransfer(to, amount);
    }

    /// @dev See ILendingPool.
    function collectReserves() external onlyDelegated nonReentrant returns (uint256 amount) {
        amount = _outflows.reserves;
        if (amount == 0) return 0;
        address to = _settings.treasury;
        _outflows.reserves = 0;
        emit ReservesCollected(to, amount);
        _ASSET.safeTransfer(to, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @dev See ILendingPool.
    function setCollectionConfig(address collection, CollectionConfig calldata config)
        external
        onlyDelegated
        onlyOwner
        returns (uint32 version)
    {
        if (collection.code.length == 0 || collection == address(_CORE)) {
            revert InvalidParameter("collection", uint160(collection));
        }
        _validate(config);
        version = ++_settings.versionCount;
        _versions[version] = Version({
            collection: collection,
            ltvBps: config.ltvBps,
            liquidationThresholdBps: config.liquidationThresholdBps,
            maxDuration: config.maxDuration,
            auctionDuration: config.auctionDuration,
            exposureCap: config.exposureCap,
            auctionStartBps: config.auctionStartBps,
            auctionFloorBps: config.auctionFloorBps,
            redemptionPenaltyBps: config.redemptionPenaltyBps,
            enabled: config.enabled
        });
        _collections[collection].version = version;
        emit CollectionConfigured(collection, version, config);
    }

    /// @dev See ILendingPool.
    function setBorrowingDisabled(address collection, bool disabled) external onlyDelegated {
        // The guardian can only reduce risk; turning borrowing back on is the owner's decision.
        if (msg.sender != owner() && (msg.sender != _guardian || !disabled)) revert Unauthorized(msg.sender);
        CollectionState storage state = _collections[collection];
        if (state.version == 0) revert CollectionNotListed(collection);
        state.borrowingDisabled = disabled;
        emit BorrowingDisabledSet(collection, disabled);
    }

    /// @dev See ILendingPool.
    function setReserveFactor(uint16 reserveFactorBps_) external onlyDelegated onlyOwner {
        if (reserveFactorBps_ > MAX_RESERVE_FACTOR_BPS) {
            revert InvalidParameter("reserveFactorBps", reserveFactorBps_);
        }
        _balances.reserveFactorBps = reserveFactorBps_;
        emit ReserveFactorSet(reserveFactorBps_);
    }

    /// @dev See ILendingPool.
    function setTreasury(address treasury_) external onlyDelegated onlyOwner {
        if (treasury_ == address(0)) revert InvalidParameter("treasury", 0);
        _settings.treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @dev See ILendingPool.
    function setGuardian(address guardian_) external onlyDelegated onlyOwner {
        _guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /*//////////////////////////////////////////////////////////////
                            INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Debt now, liquidation value, health factor and config version of a loan that may be
    /// liquidated (health factor below 1 or past its duration); reverts `LoanHealthy` otherwise.
    function _checkLiquidatable(uint256 loanId, ILoanCore.Loan calldata loan, LoanRecord memory record)
        internal
        view
        returns (uint256 debt, uint256 value, uint256 hf, Version memory config)
    {
        (, debt) = LoanMathLib.debtAt(loan, block.timestamp);
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

    function _validate(CollectionConfig calldata c) internal pure {
        if (c.ltvBps == 0 || c.ltvBps >= c.liquidationThresholdBps) {
            revert InvalidParameter("ltvBps", c.ltvBps);
        }
        if (c.liquidationThresholdBps > BPS) {
            revert InvalidParameter("liquidationThresholdBps", c.liquidationThresholdBps);
        }
        if (c.maxDuration == 0 || c.maxDuration > MAX_LOAN_DURATION) {
            revert InvalidParameter("maxDuration", c.maxDuration);
        }
        if (c.exposureCap > MAX_TOTAL_ASSETS) revert InvalidParameter("exposureCap", c.exposureCap);
        if (c.auctionDuration < MIN_AUCTION_DURATION || c.auctionDuration > MAX_AUCTION_DURATION) {
            revert InvalidParameter("auctionDuration", c.auctionDuration);
        }
        if (c.auctionStartBps <= BPS || c.auctionStartBps > MAX_AUCTION_START_BPS) {
            revert InvalidParameter("auctionStartBps", c.auctionStartBps);
        }
        if (c.auctionFloorBps == 0 || c.auctionFloorBps >= BPS) {
            revert InvalidParameter("auctionFloorBps", c.auctionFloorBps);
        }
        if (c.redemptionPenaltyBps > MAX_REDEMPTION_PENALTY_BPS) {
            revert InvalidParameter("redemptionPenaltyBps", c.redemptionPenaltyBps);
        }
    }
}
