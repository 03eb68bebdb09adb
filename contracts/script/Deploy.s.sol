// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeedRegistry} from "../src/feeds/PriceFeedRegistry.sol";
import {IDelegateRegistry} from "../src/interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../src/interfaces/ILoanCore.sol";
import {ILoanCoreExtension, LoanCore} from "../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../src/lending/LoanCoreExtension.sol";
import {FloorOracle} from "../src/oracle/FloorOracle.sol";
import {DelegateRegistry} from "../src/periphery/DelegateRegistry.sol";
import {IWETH} from "../src/periphery/IWETH.sol";
import {TickerLens} from "../src/periphery/TickerLens.sol";
import {WethGateway} from "../src/periphery/WethGateway.sol";
import {LendingPool} from "../src/pools/LendingPool.sol";
import {LendingPoolBase} from "../src/pools/LendingPoolBase.sol";
import {LoanDefaults} from "./LoanDefaults.sol";
import {PoolDefaults} from "./PoolDefaults.sol";
import {Script} from "forge-std/Script.sol";
import {WETH} from "solady/tokens/WETH.sol";

/// @notice Deploys the protocol through the deterministic CREATE2 deployer, so a given owner gets the
/// same addresses on every chain. The broadcast file feeds `npm run generate`.
/// On the devnet (chain 31337) it also deploys WETH and the project's delegate.cash-compatible
/// registry; elsewhere it uses the chain's WETH (env WETH) and delegate.cash v2's canonical registry.
/// The WETH lending pool and the floor oracle come with it. Then the owner allows WETH in the core and lists
/// collections (oracle feeders and rules, pool risk parameters): owner transactions, not deployments.
/// Usage: forge script script/Deploy.s.sol --rpc-url $RPC_URL --broadcast --slow --private-key $KEY
contract Deploy is Script {
    bytes32 internal constant SALT = keccak256("hypotheca.v1");
    uint256 internal constant DEVNET_CHAIN_ID = 31_337;
    /// @dev delegate.cash v2, the same address on every chain it supports.
    address internal constant DELEGATE_CASH_V2 = 0x00000000000000447e69651d841bD8D104Bed493;

    struct Deployment {
        PriceFeedRegistry priceFeedRegistry;
        TickerLens tickerLens;
        address weth;
        IDelegateRegistry delegateRegistry;
        LoanCoreExtension loanCoreExtension;
        LoanCore loanCore;
        WethGateway wethGateway;
        FloorOracle floorOracle;
        LendingPool lendingPool;
    }

    function run() external returns (Deployment memory deployment) {
        vm.startBroadcast();
        deployment.priceFeedRegistry = new PriceFeedRegistry{salt: SALT}(msg.sender);
        deployment.tickerLens = new TickerLens{salt: SALT}();
        if (block.chainid == DEVNET_CHAIN_ID) {
            deployment.weth = address(new WETH{salt: SALT}());
            deployment.delegateRegistry = new DelegateRegistry{salt: SALT}();
        } else {
            deployment.weth = vm.envAddress("WETH");
            deployment.delegateRegistry = IDelegateRegistry(DELEGATE_CASH_V2);
        }
        deployment.loanCoreExtension =
            new LoanCoreExtension{salt: SALT}(deployment.delegateRegistry, LoanDefaults.parameters());
        // The deployer owns the core and receives fees until it hands both to a timelock / multisig.
        deployment.loanCore = new LoanCore{salt: SALT}(
            msg.sender,
            msg.sender,
            deployment.delegateRegistry,
            LoanDefaults.parameters(),
            ILoanCoreExtension(address(deployment.loanCoreExtension))
        );
        deployment.wethGateway =
            new WethGateway{salt: SALT}(ILoanCore(address(deployment.loanCore)), IWETH(deployment.weth));

        deployment.floorOracle =
            new FloorOracle{salt: SALT}(msg.sender, PoolDefaults.PREMIUM_DELAY, PoolDefaults.MAX_PREMIUM_BPS);
        // The WETH pool values collateral straight from the oracle's ETH prices (no quote feed).
        deployment.lendingPool = new LendingPool{salt: SALT}(
            LendingPoolBase.Parameters({
                owner: msg.sender,
                asset: deployment.weth,
                loanCore: ILoanCore(address(deployment.loanCore)),
                oracle: deployment.floorOracle,
                quoteFeed: address(0),
                quoteMaxAge: 0,
                rateCurve: PoolDefaults.rateCurve(),
                treasury: msg.sender,
                reserveFactorBps: PoolDefaults.RESERVE_FACTOR_BPS,
                name: "Hypotheca WETH Pool",
                symbol: "hpWETH"
            })
        );
        vm.stopBroadcast();
    }
}
