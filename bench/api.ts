/**
 * The offer book under load: 10,000 signed offers from 8 funded lenders across 20 collections are
 * POSTed to a real indexer (validation throughput: signature, chain state, storage), then autocannon
 * asks for the best offers of a token at a fixed 500 requests/s for 10 s across the collections.
 * Run alone with `npx tsx bench/api.ts`; `bench/run.ts` calls `benchApi()`.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DefaultMode,
  demoCollectionAbi,
  demoCollectionBytecode,
  deployments,
  type LoanOffer,
  loanCoreDomain,
  loanOfferTypes,
  Scope,
  wethAbi,
} from "@hypotheca/sdk";
import autocannon from "autocannon";
import { type Address, getContractAddress, type Hash, type Hex, maxUint256, parseEther, zeroHash } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEVNET_MNEMONIC, devnetAccounts } from "../devnet/src/accounts.ts";
import { devnetClients, mineBatch } from "../devnet/src/chain.ts";
import { startDevnetChain } from "../devnet/src/devnetChain.ts";
import { startIndexer } from "../devnet/src/indexer.ts";
import { freePort } from "../tools/lib/ports.ts";

export type ApiBench = {
  offers: number;
  collections: number;
  lenders: number;
  /** POST /v1/offers: every offer validated (signature, chain state) and stored. */
  submit: {
    offersPerSecond: number;
    signaturesVerified: number;
    rejected: number;
    seconds: number;
    concurrency: number;
  };
  /** GET /v1/offers?collection&tokenId&currency at a fixed rate. */
  query: {
    targetRate: number;
    achievedRate: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    errors: number;
    non2xx: number;
    seconds: number;
  };
};

const OFFERS = 10_000;
const COLLECTIONS = 20;
/** Mnemonic indexes 10-17: fresh accounts, funded here, so the demo world's lenders stay untouched. */
const LENDER_INDEXES = [10, 11, 12, 13, 14, 15, 16, 17];
const TOKENS_PER_COLLECTION = 50;
const POST_CONCURRENCY = 32;
const RATE = 500;
const DURATION_SECONDS = 10;
const DAY = 86_400;

export type PreparedBook = {
  collections: Address[];
  lenders: Address[];
  /** POST /v1/offers bodies, one signed offer each. */
  bodies: string[];
  /** GET /v1/offers paths: every (collection, token) pair of the world, in WETH. */
  paths: string[];
};

export async function benchApi(): Promise<ApiBench> {
  const chain = await startDevnetChain();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-bench-api-"));
  const indexer = await startBookIndexer(chain.rpcUrl, dataDir);
  try {
    const book = await prepareBook(chain.rpcUrl);
    const submit = await submitOffers(indexer.url, book.bodies);
    const query = await queryAtFixedRate(indexer.url, book.paths);
    return { offers: OFFERS, collections: COLLECTIONS, lenders: book.lenders.length, submit, query };
  } catch (error) {
    throw new Error(`offer book bench failed; indexer log:\n${indexer.output()}`, { cause: error });
  } finally {
    await indexer.stop();
    await chain.anvil.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The indexer with its offer book in `dataDir`, the per-IP limit lifted (one client sends everything). */
export async function startBookIndexer(rpcUrl: string, dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, {
    OFFER_BOOK_DIR: path.join(dataDir, "offer-book"),
    API_RATE_LIMIT_PER_SECOND: "1000000",
    API_RATE_LIMIT_BURST: "1000000",
    ...env,
  });
  return startIndexer({ rpcUrl, port: await freePort(), dataDir }).finally(() => {
    process.env = saved;
  });
}

/**
 * The bench's world on a fresh devnet: 20 collections and 8 lenders with 1,000 WETH each, LoanCore
 * approved (two blocks), and 10,000 signed offers: 70% collection-wide, 30% on one of the first 50
 * tokens; terms spread out.
 */
export async function prepareBook(rpcUrl: string): Promise<PreparedBook> {
  const { loanCore, weth } = deployments[31337];
  const clients = devnetClients(rpcUrl);
  const { deployer } = devnetAccounts;
  const lenders = LENDER_INDEXES.map((addressIndex) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex }));

  const collections: Address[] = [];
  for (const lender of lenders) {
    await clients.testClient.setBalance({ address: lender.address, value: parseEther("10000") });
  }
  await mineBatch(clients, async (nextNonce) => {
    const hashes: Hash[] = [];
    for (let i = 0; i < COLLECTIONS; i++) {
      const nonce = await nextNonce(deployer);
      hashes.push(
        await clients.walletClient(deployer).deployContract({
          abi: demoCollectionAbi,
          bytecode: demoCollectionBytecode,
          args: [deployer.address, `Bench ${i}`, `B${i}`],
          nonce,
          gas: 3_000_000n,
        }),
      );
      collections.push(getContractAddress({ from: deployer.address, nonce: BigInt(nonce) }));
    }
    for (const lender of lenders) {
      const wallet = clients.walletClient(lender);
      hashes.push(
        await wallet.writeContract({
          address: weth.address,
          abi: wethAbi,
          functionName: "deposit",
          value: parseEther("1000"),
          nonce: await nextNonce(lender),
          gas: 100_000n,
        }),
        await wallet.writeContract({
          address: weth.address,
          abi: wethAbi,
          functionName: "approve",
          args: [loanCore.address, maxUint256],
          nonce: await nextNonce(lender),
          gas: 100_000n,
        }),
      );
    }
    return hashes;
  });

  const now = (await clients.publicClient.getBlock()).timestamp;
  const domain = loanCoreDomain(31337, loanCore.address);
  const bodies: string[] = [];
  for (let i = 0; i < OFFERS; i++) {
    const lender = lenders[i % lenders.length] ?? lenders[0];
    if (!lender) throw new Error("no lender");
    const tokenScoped = i % 10 < 3;
    const maxPrincipal = parseEther(String(1 + (i % 20)));
    const offer: LoanOffer = {
      lender: lender.address,
      collateral: collections[i % COLLECTIONS] as Address,
      scope: tokenScoped ? Scope.Token : Scope.Collection,
      tokenId: tokenScoped ? BigInt(1 + ((i * 7) % TOKENS_PER_COLLECTION)) : 0n,
      tokenSetRoot: zeroHash,
      collateralAmount: 0n,
      currency: weth.address,
      minPrincipal: parseEther("0.5"),
      maxPrincipal,
      capacity: maxPrincipal * 3n,
      aprBps: 300 + ((i * 37) % 2700),
      duration: (7 + 21 * (i % 5)) * DAY,
      gracePeriod: DAY,
      defaultMode: i % 2 === 0 ? DefaultMode.Foreclose : DefaultMode.Auction,
      expiry: now + BigInt(30 * DAY),
      nonce: BigInt(i),
    };
    const signature: Hex = await lender.signTypedData({
      domain,
      types: loanOfferTypes,
      primaryType: "LoanOffer",
      message: offer,
    });
    const wire = Object.fromEntries(Object.entries(offer).map(([k, v]) => [k, String(v)]));
    bodies.push(JSON.stringify({ kind: "offer", offer: wire, signature }));
  }

  const paths: string[] = [];
  for (const collection of collections) {
    for (let t = 1; t <= TOKENS_PER_COLLECTION; t++) {
      paths.push(`/v1/offers?collection=${collection}&tokenId=${t}&currency=${weth.address}&limit=20`);
    }
  }
  return { collections, lenders: lenders.map((l) => l.address), bodies, paths };
}

/**
 * POSTs every body once over POST_CONCURRENCY keep-alive connections (autocannon, in a child process like
 * the queries: the submission rate measures the indexer, not this process's HTTP client); throws unless
 * every one was created.
 */
export async function submitOffers(url: string, bodies: string[]): Promise<ApiBench["submit"]> {
  const result = await loadGenerator({ kind: "post", url, bodies, connections: POST_CONCURRENCY });
  const created = result.statusCodeStats?.["201"]?.count ?? 0;
  const rejected = result.non2xx;
  const failed = result.errors + result.timeouts;
  if (created !== bodies.length) {
    throw new Error(
      `${created} of ${bodies.length} valid offers created (${rejected} rejected, ${failed} undelivered): ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  const seconds = result.duration;
  return {
    offersPerSecond: Math.round(created / seconds),
    signaturesVerified: created,
    rejected,
    seconds: Number(seconds.toFixed(2)),
    concurrency: POST_CONCURRENCY,
  };
}

type LoadRequest =
  | { kind: "get"; url: string; paths: string[]; rate: number; seconds: number }
  | { kind: "post"; url: string; bodies: string[]; connections: number };

/**
 * GETs `paths` round robin at a fixed overall rate with autocannon, run in a child process of its own:
 * the load generator gets its own event loop and heap, so the orchestrator (which holds 10,000 request
 * bodies and the devnet's handles) cannot pause it and inflate the latencies it records.
 */
export async function queryAtFixedRate(
  url: string,
  paths: string[],
  rate = RATE,
  seconds = DURATION_SECONDS,
): Promise<ApiBench["query"]> {
  const result = await loadGenerator({ kind: "get", url, paths, rate, seconds });
  return {
    targetRate: rate,
    achievedRate: Number((result.requests.total / seconds).toFixed(1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds,
  };
}

const LOAD_GENERATOR_FLAG = "--load-generator";

async function loadGenerator(request: LoadRequest): Promise<autocannon.Result> {
  const child = fork(fileURLToPath(import.meta.url), [LOAD_GENERATOR_FLAG], {
    execArgv: process.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    child.once("message", (message) => resolve(message as autocannon.Result));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the load generator exited with ${code} before answering`)));
    child.send(request);
  });
  child.removeAllListeners("exit");
  return result;
}

/** The child side of `loadGenerator`: one request in over IPC, autocannon's result back, exit. */
function runLoadGenerator() {
  process.once("message", async (message) => {
    const request = message as LoadRequest;
    let cursor = 0;
    const result =
      request.kind === "get"
        ? await autocannon({
            url: request.url,
            connections: 50,
            overallRate: request.rate,
            duration: request.seconds,
            requests: [
              {
                method: "GET",
                setupRequest: (r) => ({ ...r, path: request.paths[cursor++ % request.paths.length] as string }),
              },
            ],
          })
        : await autocannon({
            url: `${request.url}/v1/offers`,
            connections: request.connections,
            amount: request.bodies.length,
            timeout: 60,
            requests: [
              {
                method: "POST",
                headers: { "content-type": "application/json" },
                setupRequest: (r) => ({ ...r, body: request.bodies[cursor++] as string }),
              },
            ],
          });
    process.send?.(result, () => process.exit(0));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv[2] === LOAD_GENERATOR_FLAG) runLoadGenerator();
  else console.log(JSON.stringify(await benchApi(), null, 2));
}
