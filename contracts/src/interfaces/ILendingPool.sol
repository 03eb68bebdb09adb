// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {ILendingPoolTypes} from "./ILendingPoolTypes.sol";
import {ILoanCore} from "./ILoanCore.sol";
import {ILoanLender} from "./ILoanLender.sol";

/// @title ILendingPool
/// @notice An ERC-4626 vault over one ERC-20 that lends instantly against ERC-721 NFTs through the loan
/// core (`ILoanCore.borrowFrom`, `DefaultMode.Managed`), at an oracle-based LTV, and liquidates unhealthy
/// or overdue loans by Dutch auction.
///
/// Valuation: collateral value = floor price (IFloorOracle, ETH) x the token's premium multiplier,
/// converted into the asset (1:1 for an ETH pool, through an ETH/USD feed for a USD pool). Borrowing
/// values at `borrowPrice` = min(spot, TWAP) and needs a fresh quote; health and auctions at
/// `liquidationPrice` (TWAP), which never reverts for staleness or pause.
///
/// Accounting: `totalAssets` = cash + outstanding principal + book value of live auctions + the
/// depositors' share of accrued interest, kept in O(1) aggregates; it never reads the token balance, so
/// donations do not move the share price. Every rounding favours the pool; the share price falls only in
/// a call that writes off bad debt (`BadDebtWrittenOff`).
///
/// Rates: each loan's APR is fixed at origination and must be at least the quote of the kinked
/// utilization curve after that borrow (`quote`). Existing loans keep their APR until repaid, refinanced
/// or past their duration (when they can be liquidated).
///
/// Liquidity: withdrawals are limited to the cash on hand (`maxWithdraw` / `maxRedeem`); a larger one
/// reverts `InsufficientLiquidity`.
///
/// Warning: fee-on-transfer, rebasing and hook-bearing (ERC-777) assets are not supported.
/// Warning: only ERC-721 collateral; a collection whose transfers can fail blocks its own liquidations
/// and sales until they work again (nothing is lost: the NFT stays where it was).
interface ILendingPool is ILendingPoolTypes, ILoanLender {
    /*//////////////////////////////////////////////////////////////
                               LIQUIDATION
    //////////////////////////////////////////////////////////////*/

    /// @notice Anyone liquidates a pool loan whose health factor is below 1 or that is past
    /// `startTime + duration`: the pool takes the NFT through `ILoanCore.liquidate` and starts a Dutch
    /// auction from `auctionStartBps` to `auctionFloorBps` of the liquidation value over `auctionDuration`
    /// (all from the loan's config version). The caller becomes the starter (redemption penalty).
    /// @dev `loan` is checked by the core (`LoanHashMismatch`). Works while the oracle is stale or paused
    /// and while borrowing is disabled.
    function startLiquidation(uint256 loanId, ILoanCore.Loan calldata loan)
        external
        returns (Auction memory auction);

    /// @notice Buys the NFT at the current price (at most `maxPrice`), delivered to `to` (caller when
    /// zero). The pool takes up to the debt; the surplus is owed to the borrower (`claim`); a price below
    /// the auction's book value writes the difference off as bad debt.
    /// @dev The caller must have approved the pool for the price.
    function buy(uint256 loanId, Auction calldata auction, uint256 maxPrice, address to)
        external
        returns (uint256 price);

    /// @notice Until the NFT is sold, anyone pays the auction's debt plus the redemption penalty: the pool
    /// gets the debt, the starter the penalty, the recorded borrower the NFT.
    /// @dev Named apart from ERC-4626 `redeem`. The caller must have approved the pool for the total.
    function redeemLoan(uint256 loanId, Auction calldata auction) external returns (uint256 paid);

    /// @notice Anyone restarts an auction whose decay ended unsold: from the previous floor down to
    /// `floorBps` of it, over the same duration, so the NFT keeps being offered at a falling price.
    function restart(uint256 loanId, Auction calldata auction) external returns (Auction memory restarted);

    /// @notice Withdraws what the pool owes the caller (auction surplus, penalties it could not push) to
    /// `to` (caller when zero).
    function claim(address to) external returns (uint256 amount);

    /// @notice Sends the reserves to the treasury. Anyone may call.
    function collectReserves() external returns (uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Owner: lists a collection or changes its parameters as a new version (live loans and
    /// auctions keep theirs). The floor oracle must price the collection for loans to be possible.
    function setCollectionConfig(address collection, CollectionConfig calldata config)
        external
        returns (uint32 version);

    /// @notice Guardian or owner disables new borrowing against `collection`; only the owner re-enables.
    function setBorrowingDisabled(address collection, bool disabled) external;

    /// @notice Owner: share of interest set aside as reserves on new loans, at most `MAX_RESERVE_FACTOR_BPS`.
    function setReserveFactor(uint16 reserveFactorBps) external;

    /// @notice Owner: where reserves go.
    function setTreasury(address treasury) external;

    /// @notice Owner: who may disable borrowing per collection.
    function setGuardian(address guardian) external;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The lowest APR (bps) a new loan of `principal` is accepted at now (curve at the
    /// utilization after it, rounded up).
    function quote(uint256 principal) external view returns (uint256 aprBps);

    /// @notice The largest principal a new loan against `tokenId` can have now: the LTV of its borrow
    /// value, the collection's remaining cap and the pool's cash. Zero when borrowing is disabled.
    /// Reverts like a borrow when the oracle or the quote is stale or paused, or the premium proof is bad.
    function maxBorrow(address collection, uint256 tokenId, uint256 multiplierBps, bytes32[] calldata proof)
        external
        view
        returns (uint256 principal);

    /// @notice Health factor (WAD) of a live pool loan; `loan` is checked against the core's hash.
    function healthFactor(uint256 loanId, ILoanCore.Loan calldata loan) external view returns (uint256);

    /// @notice The auction's price at `timestamp` (>= its start).
    function auctionPrice(Auction calldata auction, uint256 timestamp) external pure returns (uint256);

    /// @notice Current borrow APR (bps) at the current utilization.
    function borrowRate() external view returns (uint256 aprBps);

    /// @notice Annual rate (bps) at which depositors' assets grow now: the interest accruing to them on
    /// live loans, over `totalAssets`.
    function supplyRate() external view returns (uint256 aprBps);

    /// @notice lent / (cash + lent), in basis points.
    function utilization() external view returns (uint256 bps);

    function totals() external view returns (Totals memory);
    function loanRecord(uint256 loanId) external view returns (LoanRecord memory);
    function carriedInterest(uint256 loanId) external view returns (uint256);
    /// @notice The live auction's stored key: keccak256(abi.encode(auction)) with the top bit cleared
    /// (zero when none).
    function auctionHash(uint256 loanId) external view returns (bytes32);
    function collectionState(address collection) external view returns (CollectionState memory);
    function collectionConfig(uint32 version)
        external
        view
        returns (address collection, CollectionConfig memory);
    function claimable(address account) external view returns (uint256);
    function rateCurve() external view returns (RateCurve memory);
    function reserveFactorBps() external view returns (uint16);
    function treasury() external view returns (address);
    function guardian() external view returns (address);
    function loanCore() external view returns (ILoanCore);
    function oracle() external view returns (address);
    function quoteFeed() external view returns (address);
    function quoteMaxAge() external view returns (uint256);
}
