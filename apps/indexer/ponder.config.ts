import {
  deployments,
  floorOracleAbi,
  lendingPoolAbi,
  loanCoreAbi,
  priceFeedAbi,
  priceFeedRegistryAbi,
} from "@hypotheca/sdk";
import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";

/**
 * Chains the indexer follows. Adding one (e.g. mainnet) is one entry here plus its deployment in the
 * SDK's generated `deployments`.
 */
const devnet = deployments[31337];

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.INDEXER_DATA_DIR ?? ".ponder/pglite" },
  chains: {
    devnet: {
      id: 31337,
      rpc: process.env.PONDER_RPC_URL_31337 ?? "http://127.0.0.1:8545",
      // anvil mines on demand: poll often so new rounds reach the API within about a second.
      pollingInterval: 250,
      // Every devnet start is a new chain under the same id: never reuse cached blocks or calls.
      disableCache: true,
    },
  },
  contracts: {
    PriceFeedRegistry: {
      abi: priceFeedRegistryAbi,
      chain: {
        devnet: { address: devnet.priceFeedRegistry.address, startBlock: devnet.priceFeedRegistry.blockNumber },
      },
    },
    PriceFeed: {
      abi: priceFeedAbi,
      chain: {
        devnet: {
          // Every feed the registry ever listed, found through AssetListed's `feed`.
          address: factory({
            address: devnet.priceFeedRegistry.address,
            event: getAbiItem({ abi: priceFeedRegistryAbi, name: "AssetListed" }),
            parameter: "feed",
          }),
          startBlock: devnet.priceFeedRegistry.blockNumber,
        },
      },
    },
    // LoanCore's ABI includes its extension's events (emitted at the core's address) and its notes' ERC-721.
    LoanCore: {
      abi: loanCoreAbi,
      chain: { devnet: { address: devnet.loanCore.address, startBlock: devnet.loanCore.blockNumber } },
    },
    LendingPool: {
      abi: lendingPoolAbi,
      chain: { devnet: { address: devnet.lendingPool.address, startBlock: devnet.lendingPool.blockNumber } },
    },
    FloorOracle: {
      abi: floorOracleAbi,
      chain: { devnet: { address: devnet.floorOracle.address, startBlock: devnet.floorOracle.blockNumber } },
    },
  },
});
