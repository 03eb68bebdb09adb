// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolDefaults} from "../../script/PoolDefaults.sol";
import {PriceFeed} from "../../src/feeds/PriceFeed.sol";
import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {ILendingPool} from "../../src/interfaces/ILendingPool.sol";
import {ILendingPoolTypes} from "../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {FloorOracle} from "../../src/oracle/FloorOracle.sol";
import {LendingPool} from "../../src/pools/LendingPool.sol";
import {LendingPoolBase} from "../../src/pools/LendingPoolBase.sol";
import {LendingBaseTest} from "../lending/LendingBaseTest.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Shared world for pool tests: the real loan core (LendingBaseTest), the real FloorOracle with
/// five feeders, the real PriceFeed as ETH/USD, and two pools over the same collection: WETH (values in
/// ETH) and the 6-decimal dUSD (values through ETH/USD). Helpers move prices through the oracle and drive
/// deposits, borrows, liquidations and buys; stress and incident suites build on them.
/// Every parameter is the deployment default (script/PoolDefaults.sol): the oracle's per-collection rules,
/// the rate curve, the reserve factor, the quote's max age and the collection config. Tests derive their
/// expectations from these, so a change of the defaults is tested, not silently ignored.
abstract contract PoolBaseTest is LendingBaseTest {
    uint256 internal constant FLOOR = 10 ether;
    int256 internal constant ETH_USD = 3000e8;
    uint256 internal constant QUOTE_MAX_AGE = PoolDefaults.QUOTE_MAX_AGE;
    uint16 internal constant RESERVE_FACTOR_BPS = PoolDefaults.RESERVE_FACTOR_BPS;
    /// @dev The default oracle rules' spacing, TWAP window and staleness limit.
    uint32 internal immutable MIN_SPACING = PoolDefaults.oracleConfig().minSpacing;
    uint32 internal immutable TWAP_WINDOW = PoolDefaults.oracleConfig().twapWindow;
    uint32 internal immutable MAX_STALENESS = PoolDefaults.oracleConfig().maxStaleness;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    FloorOracle internal oracle;
    PriceFeed internal ethUsd;
    LendingPool internal wethPool;
    LendingPool internal usdPool;
    address[5] internal feeders;
    address internal poolOwner = makeAddr("poolOwner");
    address internal poolTreasury = makeAddr("poolTreasury");
    address internal poolGuardian = makeAddr("poolGuardian");
    address internal buyer = makeAddr("buyer");
    address internal borrower2 = makeAddr("borrower2");

    function setUp() public virtual override {
        super.setUp();
        oracle = new FloorOracle(owner, PoolDefaults.PREMIUM_DELAY, PoolDefaults.MAX_PREMIUM_BPS);
        ethUsd = new PriceFeed(owner, 8, "ETH / USD");
        vm.startPrank(owner);
        oracle.configure(address(nft), _oracleConfig());
        for (uint256 i; i < feeders.length; ++i) {
            feeders[i] = makeAddr(string.concat("feeder", vm.toString(i)));
            oracle.setFeeder(address(nft), feeders[i], true);
        }
        ethUsd.setUpdater(owner, true);
        ethUsd.updateAnswer(ETH_USD);
        vm.stopPrank();

        wethPool = _deployPool(address(weth), address(0), "Hypotheca WETH Pool", "hpWETH");
        usdPool = _deployPool(address(usd), address(ethUsd), "Hypotheca dUSD Pool", "hpUSD");
        vm.startPrank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _collectionConfig(1000 ether));
        usdPool.setCollectionConfig(address(nft), _collectionConfig(3_000_000e6));
        wethPool.setGuardian(poolGuardian);
        usdPool.setGuardian(poolGuardian);
        vm.stopPrank();

        _fund(buyer, 1000 ether, 1_000_000e6);
        _fund(borrower2, 1000 ether, 1_000_000e6);
        address[6] memory actors = [lender, lender2, borrower, borrower2, keeper, buyer];
        for (uint256 i; i < actors.length; ++i) {
            _approvePools(actors[i]);
        }
        for (uint256 id = 6; id <= 10; ++id) {
            _mintNft(borrower2, id);
        }
        _setFloor(FLOOR);
    }

    /*//////////////////////////////////////////////////////////////
                                DEPLOYMENT
    //////////////////////////////////////////////////////////////*/

    /// @dev The oracle's default per-collection rules (3 of 5, 10% clamp, 6 h TWAP, 2 h staleness).
    function _oracleConfig() internal pure returns (IFloorOracle.CollectionConfig memory) {
        return PoolDefaults.oracleConfig();
    }

    /// @dev The default rate curve (5% base, 20% at the 80% kink, 100% fully lent).
    function _rateCurve() internal pure returns (ILendingPoolTypes.RateCurve memory) {
        return PoolDefaults.rateCurve();
    }

    /// @dev The default per-collection config (LTV 40%, threshold 60%, the default auction).
    function _collectionConfig(uint128 exposureCap)
        internal
        pure
        returns (ILendingPoolTypes.CollectionConfig memory)
    {
        return PoolDefaults.collectionConfig(exposureCap);
    }

    function _parameters(address asset, address quoteFeed, string memory name_, string memory symbol_)
        internal
        view
        returns (LendingPoolBase.Parameters memory)
    {
        return LendingPoolBase.Parameters({
            owner: poolOwner,
            asset: asset,
            loanCore: _asCore(),
            oracle: oracle,
            quoteFeed: quoteFeed,
            quoteMaxAge: QUOTE_MAX_AGE,
            rateCurve: _rateCurve(),
            treasury: poolTreasury,
            reserveFactorBps: RESERVE_FACTOR_BPS,
            name: name_,
            symbol: symbol_
        });
    }

    function _deployPool(address asset, address quoteFeed, string memory name_, string memory symbol_)
        internal
        returns (LendingPool)
    {
        return new LendingPool(_parameters(asset, quoteFeed, name_, symbol_));
    }

    function _approvePools(address account) internal {
        vm.startPrank(account);
        weth.approve(address(wethPool), type(uint256).max);
        usd.approve(address(usdPool), type(uint256).max);
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                                  PRICES
    //////////////////////////////////////////////////////////////*/

    /// @dev Three authorised feeders report `price` after the spacing, until the (clamped) value reaches it.
    function _setSpot(address collection, uint256 price) internal {
        for (uint256 round; round < 64; ++round) {
            (uint256 latest,,) = _latestOrZero(collection);
            if (latest == price) return;
            skip(MIN_SPACING);
            for (uint256 i; i < 3; ++i) {
                vm.prank(feeders[i]);
                oracle.submit(collection, price);
            }
        }
        revert("price not reached");
    }

    /// @dev Spot and TWAP both at `price` (the window passes at that price), the ETH/USD quote fresh.
    function _setFloor(address collection, uint256 price) internal {
        _setSpot(collection, price);
        skip(TWAP_WINDOW);
        for (uint256 i; i < 3; ++i) {
            vm.prank(feeders[i]);
            oracle.submit(collection, price);
        }
        _refreshQuote();
    }

    function _setFloor(uint256 price) internal {
        _setFloor(address(nft), price);
    }

    function _refreshQuote() internal {
        (, int256 answer,,,) = ethUsd.latestRoundData();
        vm.prank(owner);
        ethUsd.updateAnswer(answer);
    }

    function _setEthUsd(int256 answer) internal {
        vm.prank(owner);
        ethUsd.updateAnswer(answer);
    }

    function _latestOrZero(address collection) internal view returns (uint256, uint256, uint256) {
        try oracle.latestPrice(collection) returns (uint256 p, uint256 t, uint256 r) {
            return (p, t, r);
        } catch {
            return (0, 0, 0);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                  ACTIONS
    //////////////////////////////////////////////////////////////*/

    function _asset(LendingPool pool) internal view returns (IERC20) {
        return IERC20(pool.asset());
    }

    /// @dev One asset unit of the pool (1 WETH or 1 dUSD).
    function _unit(LendingPool pool) internal view returns (uint256) {
        return pool == usdPool ? 1e6 : 1 ether;
    }

    function _deposit(LendingPool pool, address account, uint256 assets) internal returns (uint256 shares) {
        vm.prank(account);
        shares = pool.deposit(assets, account);
    }

    function _terms(LendingPool pool, uint256 tokenId, uint256 principal)
        internal
        view
        returns (ILoanTypes.LoanTerms memory)
    {
        return ILoanTypes.LoanTerms({
            collateral: address(nft),
            tokenId: tokenId,
            collateralAmount: 0,
            currency: pool.asset(),
            principal: principal,
            aprBps: uint32(pool.quote(principal)),
            duration: 30 days,
            gracePeriod: 0,
            defaultMode: ILoanTypes.DefaultMode.Managed,
            delegate: address(0)
        });
    }

    /// @dev `account` borrows `principal` against `tokenId` at the pool's quote, 30 days.
    function _borrow(LendingPool pool, address account, uint256 tokenId, uint256 principal)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        return _borrowWith(pool, account, _terms(pool, tokenId, principal), "");
    }

    function _borrowWith(
        LendingPool pool,
        address account,
        ILoanTypes.LoanTerms memory terms,
        bytes memory data
    ) internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        vm.recordLogs();
        vm.prank(account);
        loanId = core.borrowFrom(address(pool), terms, data);
        loan = _lastLoan();
    }

    function _borrow(uint256 tokenId, uint256 principal)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        return _borrow(wethPool, borrower, tokenId, principal);
    }

    /// @dev The keeper liquidates; returns the auction as the pool recorded it.
    function _startLiquidation(LendingPool pool, uint256 loanId, ILoanTypes.Loan memory loan)
        internal
        returns (ILendingPoolTypes.Auction memory auction)
    {
        vm.prank(keeper);
        auction = pool.startLiquidation(loanId, loan);
    }

    /// @dev `account` buys at the current price (any), to itself.
    function _buy(LendingPool pool, uint256 loanId, ILendingPoolTypes.Auction memory auction, address account)
        internal
        returns (uint256 price)
    {
        vm.prank(account);
        price = pool.buy(loanId, auction, type(uint256).max, account);
    }

    /// @dev Drops the floor until the loan's health factor is below 1 (TWAP follows).
    function _makeUnhealthy(LendingPool pool, uint256 loanId, ILoanTypes.Loan memory loan) internal {
        uint256 price = FLOOR;
        while (pool.healthFactor(loanId, loan) >= WAD) {
            price = price * 8 / 10;
            _setFloor(price);
        }
    }

    /// @dev Share price as a fraction, for exact comparisons: (totalAssets + 1, totalSupply + 10^6).
    function _sharePrice(LendingPool pool) internal view returns (uint256 assets, uint256 shares) {
        return (pool.totalAssets() + 1, pool.totalSupply() + 1e6);
    }

    function _assertSharePriceNotBelow(
        LendingPool pool,
        uint256 assetsBefore,
        uint256 sharesBefore,
        string memory why
    ) internal view {
        (uint256 assets, uint256 shares) = _sharePrice(pool);
        assertGe(assets * sharesBefore, assetsBefore * shares, why);
    }

    function _interestOn(uint256 principal, uint256 aprBps, uint256 elapsed) internal pure returns (uint256) {
        return (principal * aprBps * elapsed + BPS * 365 days - 1) / (BPS * 365 days);
    }

    function _feeOn(uint256 interest, uint256 feeBps) internal pure returns (uint256) {
        return interest * feeBps / BPS;
    }

    function _pool(ILendingPool pool) internal pure returns (LendingPool) {
        return LendingPool(address(pool));
    }
}
