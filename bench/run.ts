/**
 * `npm run bench`: gas per operation as the user pays it (receipt gasUsed: 21,000 intrinsic + calldata
 * + execution, warm accounts, production optimizer settings from foundry.toml) and service latency,
 * into bench/results.json and the table in bench/README.md. Later issues add their operations here.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { DAY_SECONDS, deployments, getTicker, priceFeedAbi, tickerLensAbi } from "@hypotheca/sdk";
import { encodeFunctionData, parseUnits } from "viem";
import { devnetAccounts } from "../devnet/src/accounts.ts";
import { devnetClients } from "../devnet/src/chain.ts";
import { startDevnet } from "../devnet/src/devnet.ts";
import { repoRoot } from "../tools/lib/paths.ts";
import { benchApi } from "./api.ts";
import { benchIndexer } from "./indexer.ts";
import { measureLendingGas } from "./lending.ts";
import { measurePoolGas } from "./pools.ts";

/** `atLeast`: a throughput target (higher is better); otherwise the target is a ceiling. */
type Measure = { value: number; unit: string; target?: number; atLeast?: boolean; note: string };
const gas: Record<string, Measure> = {};
const latency: Record<string, Measure> = {};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function timeMany(runs: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

// Latency is measured from one client at full speed: the API's per-client rate limit (20/s by default)
// would answer 429 to the benchmark itself.
process.env.API_RATE_LIMIT_PER_SECOND ??= "1000000";
process.env.API_RATE_LIMIT_BURST ??= "1000000";
const devnet = await startDevnet();
try {
  const clients = devnetClients(devnet.rpcUrl);
  const { publicClient } = clients;
  const btc = devnet.chain.assets.find((a) => a.symbol === "BTC");
  if (!btc) throw new Error("BTC missing from the demo world");

  // Feed update: the feeder and the feed are warm (24 h of history already written).
  const feeder = clients.walletClient(devnetAccounts.feeder);
  const updateHash = await feeder.writeContract({
    address: btc.feed,
    abi: priceFeedAbi,
    functionName: "updateAnswer",
    args: [parseUnits("104100", 8)],
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: updateHash });
  gas["feeds.updateAnswer"] = {
    value: Number(receipt.gasUsed),
    unit: "gas",
    note: "one round written by an updater (receipt gasUsed)",
  };

  // Full ticker read: all 30 assets with latest and 24 h-ago rounds in one TickerLens call, priced as a
  // transaction would be (eth_estimateGas includes intrinsic gas and calldata).
  const latest = await publicClient.getBlock();
  const since = latest.timestamp - BigInt(DAY_SECONDS);
  const tickerGas = await publicClient.estimateGas({
    account: devnetAccounts.user.address,
    to: deployments[31337].tickerLens.address,
    data: encodeFunctionData({
      abi: tickerLensAbi,
      functionName: "quoteRegistry",
      args: [deployments[31337].priceFeedRegistry.address, since],
    }),
  });
  gas["ticker.read"] = {
    value: Number(tickerGas),
    unit: "gas",
    note: `TickerLens.quoteRegistry over ${devnet.chain.assets.length} feeds (eth_estimateGas)`,
  };

  const targets: Record<string, number> = {
    "lending.acceptOffer.collection": 190_000,
    "lending.repay.full": 110_000,
    "lending.repay.partial": 80_000,
    "lending.foreclose": 80_000,
    "lending.refinance": 200_000,
  };
  for (const [key, value] of Object.entries(await measureLendingGas(clients))) {
    gas[key] = {
      value,
      unit: "gas",
      target: targets[key],
      note: "receipt gasUsed, warm, 10% protocol fee, ERC-721 + WETH",
    };
  }

  const poolTargets: Record<string, number> = {
    "oracle.submit": 60_000,
    "oracle.update": 120_000,
    "pool.deposit": 90_000,
    "pool.borrow": 260_000,
    "pool.repay.full": 140_000,
    "pool.liquidation.start": 120_000,
    "pool.auction.buy": 160_000,
  };
  const poolNotes: Record<string, string> = {
    "oracle.submit": "a feeder report that does not complete a quorum (5 feeders, warm)",
    "oracle.update": "the report completing a quorum: median, clamp, round, TWAP observation",
    "pool.deposit": "ERC-4626 deposit into the WETH pool, not the first",
  };
  for (const [key, value] of Object.entries(await measurePoolGas(clients))) {
    gas[key] = {
      value,
      unit: "gas",
      target: poolTargets[key],
      note: poolNotes[key] ?? "receipt gasUsed, warm WETH pool, 10% protocol fee, default risk parameters",
    };
  }

  const sdkTicker = await timeMany(50, () => getTicker(publicClient));
  latency["sdk.getTicker.p50"] = {
    value: sdkTicker.p50,
    unit: "ms",
    note: "SDK getTicker over JSON-RPC to anvil, 50 sequential calls",
  };
  latency["sdk.getTicker.p99"] = { value: sdkTicker.p99, unit: "ms", note: "same, p99" };

  const apiPrices = await timeMany(200, async () => {
    const response = await fetch(`${devnet.apiUrl}/v1/prices`);
    if (!response.ok) throw new Error(`GET /v1/prices answered ${response.status}`);
    await response.json();
  });
  latency["api.prices.p50"] = {
    value: apiPrices.p50,
    unit: "ms",
    note: "GET /v1/prices (30 assets, 24 h change), 200 sequential requests",
  };
  latency["api.prices.p99"] = { value: apiPrices.p99, unit: "ms", note: "same, p99" };
} finally {
  await devnet.stop();
}

// The offer book and the indexer backfill each start their own devnet, one after the other, so they
// never share the two cores with another chain.
const api = await benchApi();
latency["api.offers.get.p50"] = {
  value: api.query.p50Ms,
  unit: "ms",
  note: `GET /v1/offers for a token, ${api.offers.toLocaleString("en-US")} offers in ${api.collections} collections, autocannon ${api.query.targetRate} req/s for ${api.query.seconds} s`,
};
latency["api.offers.get.p99"] = { value: api.query.p99Ms, unit: "ms", target: 50, note: "same, p99" };
const throughput: Record<string, Measure> = {};
throughput["api.offers.post"] = {
  value: api.submit.offersPerSecond,
  unit: "offers/s",
  target: 1000,
  atLeast: true,
  note: `POST /v1/offers, every signature and the lender's funding verified, ${api.submit.concurrency} concurrent clients`,
};
const indexer = await benchIndexer();
for (const run of indexer.runs) {
  throughput[`indexer.backfill.${run.database}`] = {
    value: run.eventsPerSecond,
    unit: "events/s",
    note: `${indexer.events.toLocaleString("en-US")} events in ${indexer.blocks} blocks, Ponder start to head indexed (${(run.ms / 1000).toFixed(1)} s)`,
  };
}

const round = (m: Measure) => ({ ...m, value: m.unit === "ms" ? Math.round(m.value * 100) / 100 : m.value });
const results = {
  measuredAt: new Date().toISOString(),
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  gas: Object.fromEntries(Object.entries(gas).map(([k, m]) => [k, round(m)])),
  latency: Object.fromEntries(Object.entries(latency).map(([k, m]) => [k, round(m)])),
  throughput: Object.fromEntries(Object.entries(throughput).map(([k, m]) => [k, round(m)])),
  api,
  indexer,
};
await writeFile(path.join(repoRoot, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);

const rows = [...Object.entries(results.gas), ...Object.entries(results.latency), ...Object.entries(results.throughput)]
  .map(
    ([key, m]) =>
      `| \`${key}\` | ${m.value.toLocaleString("en-US")} ${m.unit} | ${m.target ? `${m.atLeast ? ">=" : "<="} ${m.target.toLocaleString("en-US")}` : "-"} | ${m.note} |`,
  )
  .join("\n");
await writeFile(
  path.join(repoRoot, "bench/README.md"),
  `# Benchmarks\n\n\`npm run bench\` writes \`results.json\` and this table. Gas is what the user pays: the receipt's\ngasUsed (21,000 intrinsic + calldata + execution) in a warm state, optimizer as in contracts/foundry.toml.\n\nLast run: ${results.measuredAt} (${results.machine}).\n\n| operation | measured | target | how |\n|---|---|---|---|\n${rows}\n`,
);
console.log(rows);
