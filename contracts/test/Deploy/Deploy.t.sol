// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Deploy} from "../../script/Deploy.s.sol";
import {PoolDefaults} from "../../script/PoolDefaults.sol";
import {PriceFeedRegistry} from "../../src/feeds/PriceFeedRegistry.sol";
import {TickerLens} from "../../src/periphery/TickerLens.sol";
import {LendingPool} from "../../src/pools/LendingPool.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Runs the deploy script in the test EVM. `forge script` calls `run()` from the broadcasting
/// account, so `msg.sender` inside `run()` is the broadcaster; here the caller is this test contract and
/// forge broadcasts from tx.origin (forge's default sender).
contract DeployScriptTest is Test {
    /// @dev The deterministic-deployment proxy every chain (and forge's test EVM) has.
    address internal constant CREATE2_DEPLOYER = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    bytes32 internal constant SALT = keccak256("hypotheca.v1");

    Deploy internal script;

    function setUp() public {
        script = new Deploy();
    }

    function test_run_deploysRegistryOwnedByCaller() public {
        Deploy.Deployment memory deployment = script.run();
        (PriceFeedRegistry registry, TickerLens lens) = (deployment.priceFeedRegistry, deployment.tickerLens);

        assertGt(address(registry).code.length, 0, "registry deployed");
        assertGt(address(lens).code.length, 0, "lens deployed");
        assertEq(registry.owner(), address(this), "owner is run()'s caller");
        assertEq(registry.pendingOwner(), address(0), "no pending owner");
        assertEq(registry.assetCount(), 0, "empty registry");
    }

    function test_run_deploysThroughCreate2DeployerAtPredictedAddresses() public {
        bytes32 registryInitCode =
            keccak256(abi.encodePacked(type(PriceFeedRegistry).creationCode, abi.encode(address(this))));
        bytes32 lensInitCode = keccak256(type(TickerLens).creationCode);

        Deploy.Deployment memory deployment = script.run();
        (PriceFeedRegistry registry, TickerLens lens) = (deployment.priceFeedRegistry, deployment.tickerLens);

        assertEq(
            address(registry), vm.computeCreate2Address(SALT, registryInitCode, CREATE2_DEPLOYER), "registry"
        );
        assertEq(address(lens), vm.computeCreate2Address(SALT, lensInitCode, CREATE2_DEPLOYER), "lens");
    }

    function test_run_wiresTheLoanCoreOnTheDevnet() public {
        vm.chainId(31_337);
        Deploy.Deployment memory deployment = script.run();

        assertEq(deployment.loanCore.owner(), address(this), "core owner");
        assertEq(deployment.loanCore.extension(), address(deployment.loanCoreExtension), "extension");
        assertEq(
            address(deployment.loanCore.delegateRegistry()), address(deployment.delegateRegistry), "registry"
        );
        assertGt(deployment.weth.code.length, 0, "devnet WETH");
    }

    function test_run_wiresTheWethPoolToTheCoreAndTheOracle() public {
        vm.chainId(31_337);
        Deploy.Deployment memory deployment = script.run();
        LendingPool pool = deployment.lendingPool;

        assertEq(pool.asset(), deployment.weth, "asset");
        assertEq(address(pool.loanCore()), address(deployment.loanCore), "core");
        assertEq(address(pool.oracle()), address(deployment.floorOracle), "oracle");
        assertEq(pool.quoteFeed(), address(0), "ETH pool: no quote feed");
        assertEq(pool.owner(), address(this), "pool owner");
        assertEq(pool.reserveFactorBps(), PoolDefaults.RESERVE_FACTOR_BPS, "reserve factor");
        assertEq(deployment.floorOracle.owner(), address(this), "oracle owner");
        assertEq(deployment.floorOracle.premiumDelay(), PoolDefaults.PREMIUM_DELAY, "premium delay");
        assertEq(deployment.floorOracle.maxPremiumBps(), PoolDefaults.MAX_PREMIUM_BPS, "max premium");
    }

    /// @dev Reads tx.origin on purpose: it is the account forge broadcasts from in a test.
    function test_run_broadcastsEveryDeploymentFromSender() public {
        address broadcaster = tx.origin; // solhint-disable-line avoid-tx-origin
        uint64 nonceBefore = vm.getNonce(broadcaster);

        script.run();

        // Feed registry, lens, WETH and delegate registry (devnet), loan core extension, loan core, gateway,
        // floor oracle, WETH pool.
        assertEq(vm.getNonce(broadcaster), nonceBefore + 9, "nine transactions broadcast");
    }
}
