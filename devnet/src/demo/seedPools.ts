import {
  demoCollectionAbi,
  demoCollectionBytecode,
  deployments,
  floorFeedAbi,
  floorFeedBytecode,
  floorOracleAbi,
  lendingPoolAbi,
  loanCoreAbi,
  wethAbi,
} from "@hypotheca/sdk";
import { type Address, getContractAddress, type Hash, parseEther, zeroAddress } from "viem";
import { devnetAccounts } from "../accounts.ts";
import { type DevnetClients, mineBatch } from "../chain.ts";
import { oracleRules, poolRisk } from "./poolDefaults.ts";

/** Generous fixed gas limits: batched transactions cannot be estimated against pending state. */
const GAS = { deploy: 3_000_000n, call: 300_000n, borrow: 600_000n };
const MANAGED = 2;

export type DemoCollection = {
  name: string;
  symbol: string;
  floor: string;
  address: Address;
  /** Chainlink-style feeds of the oracle's floor: in ETH (18 decimals) and in USD (via ETH / USD, 8). */
  floorFeed: Address;
  floorUsdFeed: Address;
};

/** Two blue-chip stand-ins, their floors in ETH. */
const COLLECTIONS = [
  { name: "Demo Apes", symbol: "DAPE", floor: "12.5" },
  { name: "Demo Punks", symbol: "DPUNK", floor: "45" },
] as const;

/** Token ids 1-5 go to the web app's dev wallet, 6-10 to the demo borrower. */
const TOKENS_PER_HOLDER = 5n;

/**
 * The pool side of the demo world: two collections listed in the floor oracle (five feeders, one
 * accepted floor each) and in the WETH pool with the default risk parameters, 600 WETH deposited by the
 * two demo lenders, and one live pool loan of the demo borrower at a third of its LTV.
 */
export async function seedPools(clients: DevnetClients, ethUsdFeed: Address): Promise<DemoCollection[]> {
  const { deployer, user, lender, lender2, borrower, floorFeeders } = devnetAccounts;
  const { loanCore, weth, floorOracle, lendingPool } = deployments[31337];
  const owner = clients.walletClient(deployer);
  const collections: DemoCollection[] = [];

  await mineBatch(clients, async (nextNonce) => {
    const call = async (address: Address, abi: unknown, functionName: string, args: unknown[]) =>
      // biome-ignore lint/suspicious/noExplicitAny: each call site names a function of the given ABI.
      owner.writeContract({ address, abi, functionName, args, nonce: await nextNonce(deployer), gas: GAS.call } as any);
    const hashes: Hash[] = [await call(loanCore.address, loanCoreAbi, "setCurrencyAllowed", [weth.address, true])];
    for (const collection of COLLECTIONS) {
      const deploy = async (send: (nonce: number) => Promise<Hash>) => {
        const nonce = await nextNonce(deployer);
        hashes.push(await send(nonce));
        return getContractAddress({ from: deployer.address, nonce: BigInt(nonce) });
      };
      const address = await deploy((nonce) =>
        owner.deployContract({
          abi: demoCollectionAbi,
          bytecode: demoCollectionBytecode,
          args: [deployer.address, collection.name, collection.symbol],
          nonce,
          gas: GAS.deploy,
        }),
      );
      const floorFeed = (quote: "ETH" | "USD") =>
        deploy((nonce) =>
          owner.deployContract({
            abi: floorFeedAbi,
            bytecode: floorFeedBytecode,
            args: [
              floorOracle.address,
              address,
              `${collection.symbol} floor / ${quote}`,
              quote === "ETH" ? zeroAddress : ethUsdFeed,
            ],
            nonce,
            gas: GAS.deploy,
          }),
        );
      collections.push({
        ...collection,
        address,
        floorFeed: await floorFeed("ETH"),
        floorUsdFeed: await floorFeed("USD"),
      });
      for (let id = 1n; id <= 2n * TOKENS_PER_HOLDER; id++) {
        const to = id <= TOKENS_PER_HOLDER ? user.address : borrower.address;
        hashes.push(await call(address, demoCollectionAbi, "mint", [to, id]));
      }
      hashes.push(await call(floorOracle.address, floorOracleAbi, "configure", [address, oracleRules]));
      for (const feeder of floorFeeders) {
        hashes.push(await call(floorOracle.address, floorOracleAbi, "setFeeder", [address, feeder.address, true]));
      }
      hashes.push(
        await call(lendingPool.address, lendingPoolAbi, "setCollectionConfig", [address, poolRisk(parseEther("300"))]),
      );
    }
    return hashes;
  });

  // Every feeder reports its floor (a quorum forms at the third report) and the lenders fund the pool.
  await mineBatch(clients, async (nextNonce) => {
    const hashes: Hash[] = [];
    for (const [i, feeder] of floorFeeders.entries()) {
      for (const collection of collections) {
        // Feeders disagree a little, as venues do (within the oracle's 15% spread).
        const floor = (parseEther(collection.floor) * BigInt(1000 + i * 5)) / 1000n;
        hashes.push(
          await clients.walletClient(feeder).writeContract({
            address: floorOracle.address,
            abi: floorOracleAbi,
            functionName: "submit",
            args: [collection.address, floor],
            nonce: await nextNonce(feeder),
            gas: GAS.call,
          }),
        );
      }
    }
    for (const [account, amount] of [
      [lender, parseEther("400")],
      [lender2, parseEther("200")],
    ] as const) {
      const wallet = clients.walletClient(account);
      const options = { gas: GAS.call };
      hashes.push(
        await wallet.writeContract({
          address: weth.address,
          abi: wethAbi,
          functionName: "deposit",
          value: amount,
          nonce: await nextNonce(account),
          ...options,
        }),
        await wallet.writeContract({
          address: weth.address,
          abi: wethAbi,
          functionName: "approve",
          args: [lendingPool.address, amount],
          nonce: await nextNonce(account),
          ...options,
        }),
        await wallet.writeContract({
          address: lendingPool.address,
          abi: lendingPoolAbi,
          functionName: "deposit",
          args: [amount, account.address],
          nonce: await nextNonce(account),
          ...options,
        }),
      );
    }
    hashes.push(
      await clients.walletClient(borrower).writeContract({
        address: collections[0]?.address ?? zeroAddress,
        abi: demoCollectionAbi,
        functionName: "setApprovalForAll",
        args: [loanCore.address, true],
        nonce: await nextNonce(borrower),
        gas: GAS.call,
      }),
    );
    return hashes;
  });

  // One live pool loan: 1.5 WETH against a Demo Ape (12% of its floor value, LTV 40%) for 30 days.
  const principal = parseEther("1.5");
  const aprBps = await clients.publicClient.readContract({
    address: lendingPool.address,
    abi: lendingPoolAbi,
    functionName: "quote",
    args: [principal],
  });
  const hash = await clients.walletClient(borrower).writeContract({
    address: loanCore.address,
    abi: loanCoreAbi,
    functionName: "borrowFrom",
    args: [
      lendingPool.address,
      {
        collateral: collections[0]?.address ?? zeroAddress,
        tokenId: TOKENS_PER_HOLDER + 1n,
        collateralAmount: 0n,
        currency: weth.address,
        principal,
        aprBps: Number(aprBps),
        duration: 30 * 86_400,
        gracePeriod: 0,
        defaultMode: MANAGED,
        delegate: zeroAddress,
      },
      "0x",
    ],
    gas: GAS.borrow,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`demo pool loan ${hash} reverted`);
  return collections;
}
