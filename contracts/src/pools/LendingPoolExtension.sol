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
/// @notice The lending pool's less frequent entry points (auctions after their start, claims, reserves,
/// admin).
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
        // Safe narrowing: `_validate` bounds each value below its field's width (see Version).
        // forge-lint: disable-start(unsafe-typecast)
        _versions[version] = Version({
            collection: collection,
            ltvBps: config.ltvBps,
            liquidationThresholdBps: config.liquidationThresholdBps,
            maxDuration: config.maxDuration,
            auctionDuration: uint24(config.auctionDuration),
            exposureCap: uint96(config.exposureCap),
            auctionStartBps: uint24(config.auctionStartBps),
            auctionFloorBps: config.auctionFloorBps,
            redemptionPenaltyBps: config.redemptionPenaltyBps,
            enabled: config.enabled
        });
        // forge-lint: disable-end(unsafe-typecast)
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
