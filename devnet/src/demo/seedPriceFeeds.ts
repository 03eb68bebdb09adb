import { priceFeedAbi, priceFeedBytecode, priceFeedRegistryAbi } from "@hypotheca/sdk";
import { type Address, getContractAddress, type Hash, parseUnits } from "viem";
import { devnetAccounts } from "../accounts.ts";
import { type DevnetClients, mineBatch } from "../chain.ts";
import { DEMO_ASSETS, type DemoAsset } from "./assets.ts";

const HOUR = 3600;
const HISTORY_HOURS = 24;
/** Generous fixed gas limits: batched transactions cannot be estimated against pending state. */
const GAS = { deploy: 1_500_000n, setUpdater: 100_000n, listAsset: 250_000n, updateAnswer: 100_000n };

export type SeededAsset = DemoAsset & { feed: Address };

/**
 * Deploys one PriceFeed per demo asset, lists it in the registry and writes 24 h of hourly history
 * ending at `now` with the listed price, starting 24 h earlier at the price the listed change implies.
 * The chain's clock must be before `now - 24 h` (start anvil with an earlier genesis timestamp).
 */
export async function seedPriceFeeds(clients: DevnetClients, registry: Address, now: number): Promise<SeededAsset[]> {
  const { deployer, feeder } = devnetAccounts;
  const owner = clients.walletClient(deployer);
  const updater = clients.walletClient(feeder);
  const seeded: SeededAsset[] = [];

  await mineBatch(clients, async (nextNonce) => {
    const hashes: Hash[] = [];
    for (const asset of DEMO_ASSETS) {
      const nonce = await nextNonce(deployer);
      const feed = getContractAddress({ from: deployer.address, nonce: BigInt(nonce) });
      seeded.push({ ...asset, feed });
      hashes.push(
        await owner.deployContract({
          abi: priceFeedAbi,
          bytecode: priceFeedBytecode,
          args: [deployer.address, asset.decimals, `${asset.symbol} / USD`],
          nonce,
          gas: GAS.deploy,
        }),
        await owner.writeContract({
          address: feed,
          abi: priceFeedAbi,
          functionName: "setUpdater",
          args: [feeder.address, true],
          nonce: await nextNonce(deployer),
          gas: GAS.setUpdater,
        }),
        await owner.writeContract({
          address: registry,
          abi: priceFeedRegistryAbi,
          functionName: "listAsset",
          args: [asset.symbol, asset.name, feed],
          nonce: await nextNonce(deployer),
          gas: GAS.listAsset,
        }),
      );
    }
    return hashes;
  });

  const paths = seeded.map((asset) => pricePath(asset));
  for (let hour = 0; hour <= HISTORY_HOURS; hour++) {
    await mineBatch(
      clients,
      async (nextNonce) => {
        const hashes: Hash[] = [];
        for (const [i, asset] of seeded.entries()) {
          hashes.push(
            await updater.writeContract({
              address: asset.feed,
              abi: priceFeedAbi,
              functionName: "updateAnswer",
              args: [paths[i]?.[hour] ?? 0n],
              nonce: await nextNonce(feeder),
              gas: GAS.updateAnswer,
            }),
          );
        }
        return hashes;
      },
      now - (HISTORY_HOURS - hour) * HOUR,
    );
  }
  return seeded;
}

/** The answer 24 h ago implied by the listed price and change, rounded to the nearest unit. */
export function pastAnswer(asset: DemoAsset): bigint {
  const current = parseUnits(asset.price, asset.decimals);
  const basisPoints = 10_000n + parseUnits(asset.change24h, 2);
  return (current * 10_000n * 2n + basisPoints) / (basisPoints * 2n);
}

/**
 * Hourly answers from the past answer to the current one: the straight line in log space plus a
 * Brownian bridge (pinned at both ends), seeded by the symbol so every start draws the same world.
 */
export function pricePath(asset: DemoAsset): bigint[] {
  const start = pastAnswer(asset);
  const end = parseUnits(asset.price, asset.decimals);
  const random = mulberry32(hashString(asset.symbol));
  const hourlyVolatility = Math.max(Math.abs(Number(asset.change24h)) / 100 / 6, 0.0004);
  const walk = [0];
  for (let hour = 1; hour <= HISTORY_HOURS; hour++) {
    walk.push((walk[hour - 1] ?? 0) + gaussian(random) * hourlyVolatility);
  }
  const drift = Math.log(Number(end) / Number(start));
  const last = walk[HISTORY_HOURS] ?? 0;
  const SCALE = 1_000_000_000n;
  return walk.map((value, hour) => {
    if (hour === 0) return start;
    if (hour === HISTORY_HOURS) return end;
    const t = hour / HISTORY_HOURS;
    const factor = Math.exp(drift * t + value - t * last);
    return (start * BigInt(Math.round(factor * Number(SCALE)))) / SCALE;
  });
}

function hashString(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
