// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PriceFeedRegistry} from "../src/feeds/PriceFeedRegistry.sol";
import {TickerLens} from "../src/periphery/TickerLens.sol";
import {Script} from "forge-std/Script.sol";

/// @notice Deploys the protocol singletons through the deterministic CREATE2 deployer, so a given
/// owner gets the same addresses on every chain. The broadcast file feeds `npm run generate`.
/// Usage: forge script script/Deploy.s.sol --rpc-url $RPC_URL --broadcast --private-key $KEY
contract Deploy is Script {
    bytes32 internal constant SALT = keccak256("hypotheca.v1");

    function run() external returns (PriceFeedRegistry registry, TickerLens lens) {
        vm.startBroadcast();
        registry = new PriceFeedRegistry{salt: SALT}(msg.sender);
        lens = new TickerLens{salt: SALT}();
        vm.stopBroadcast();
    }
}
