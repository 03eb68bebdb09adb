/**
 * The indexer under failure: a reorg of recent loan blocks, and a SIGKILL in the middle of a backfill.
 * Both end by comparing the API with the canonical chain / a fresh full index.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DefaultMode, deployments, loanCoreAbi, loanCoreDomain, loanOfferTypes, Scope, wethAbi } from "@hypotheca/sdk";
import { parseEther, zeroAddress, zeroHash } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { emitNonceCancellations } from "../../../bench/indexerLoad.ts";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { type Indexer, indexerDir, ponderBin, startIndexer } from "../../../devnet/src/indexer.ts";
import type { CollectionsResponse } from "../src/api/collections.ts";
import type { LoansResponse } from "../src/api/loans.ts";
import type { PoolsResponse } from "../src/api/pools.ts";
import { getJson, indexerOptionsFor, send, startWorld, type World, waitForBlock } from "./lendingHarness.ts";

const { lender, borrower } = devnetAccounts;
const { loanCore, weth } = deployments[31337];
const core = { address: loanCore.address, abi: loanCoreAbi } as const;
const wethToken = { address: weth.address, abi: wethAbi } as const;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function graphql<T>(indexer: Indexer, query: string): Promise<T> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

async function acceptOffer(world: World, tokenId: bigint, nonce: bigint) {
  const { clients, chain } = world;
  const head = await clients.publicClient.getBlock();
  const offer = {
    lender: lender.address,
    collateral: chain.collections[0]?.address ?? zeroAddress,
    scope: Scope.Token,
    tokenId,
    tokenSetRoot: zeroHash,
    collateralAmount: 0n,
    currency: weth.address,
    minPrincipal: parseEther("1"),
    maxPrincipal: parseEther("1"),
    capacity: parseEther("1"),
    aprBps: 900,
    duration: 86_400,
    gracePeriod: 3600,
    defaultMode: DefaultMode.Foreclose,
    expiry: head.timestamp + 86_400n,
    nonce,
  } as const;
  const signature = await clients.walletClient(lender).signTypedData({
    domain: loanCoreDomain(31337, loanCore.address),
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message: offer,
  });
  return send(clients, borrower, {
    ...core,
    functionName: "acceptOffer",
    args: [offer, signature, tokenId, parseEther("1"), [], borrower.address, zeroAddress],
  });
}

describe("reorg", () => {
  it("drops the loans of an abandoned branch and indexes the new one", async () => {
    const world = await startWorld();
    cleanups.push(world.stop);
    const { clients, indexer } = world;
    await send(clients, lender, { ...wethToken, functionName: "deposit", value: parseEther("5") });
    await send(clients, lender, { ...wethToken, functionName: "approve", args: [loanCore.address, parseEther("5")] });

    const snapshot = await clients.testClient.snapshot();
    await acceptOffer(world, 7n, 0n);
    const second = await acceptOffer(world, 8n, 0n);
    await waitForBlock(indexer, second.blockNumber);
    const before = await getJson<LoansResponse>(indexer, "/v1/loans");
    expect(before.body.loans.map((loan) => [loan.id, loan.source])).toEqual([
      ["3", "offer"],
      ["2", "offer"],
      ["1", "pool"],
    ]);

    // The new branch: back to the snapshot, one different loan and a nonce cancellation, and longer than
    // the abandoned one (4 blocks deep at most: well inside Ponder's 30-block finality depth).
    await clients.testClient.revert({ id: snapshot });
    expect(await clients.publicClient.getBlockNumber({ cacheTime: 0 })).toBeLessThan(second.blockNumber);
    const replacement = await acceptOffer(world, 9n, 5n);
    const cancelled = await send(clients, lender, { ...core, functionName: "cancelNoncesBelow", args: [3n] });
    await clients.testClient.mine({ blocks: 2 });
    const head = await clients.publicClient.getBlockNumber({ cacheTime: 0 });
    expect(head).toBeGreaterThan(second.blockNumber);

    const after = await until(
      "loans after the reorg",
      async () => (await getJson<LoansResponse>(indexer, "/v1/loans")).body.loans.map((loan) => loan.tokenId),
      (tokenIds) => JSON.stringify(tokenIds) === JSON.stringify(["9", "6"]),
    );
    expect(after).toEqual(["9", "6"]);
    await waitForBlock(indexer, head);
    const loan2 = await getJson<LoansResponse>(indexer, "/v1/loans?limit=1");
    expect(loan2.body.loans[0]).toMatchObject({
      id: "2",
      tokenId: "9",
      createdTransaction: replacement.transactionHash,
      status: "active",
    });
    expect((await getJson(indexer, "/v1/loans/3")).status).toBe(404);
    const collections = await getJson<CollectionsResponse>(indexer, "/v1/collections");
    const apes = collections.body.collections.find((c) => c.address === world.chain.collections[0]?.address);
    expect(apes).toMatchObject({
      loans: 2,
      activeLoans: 2,
      volumes: [
        { currency: weth.address, volumeLent: "2500000000000000000", outstandingPrincipal: "2500000000000000000" },
      ],
    });
    const nonces = await graphql<{ nonceCancellations: { items: { minNonce: string; transactionHash: string }[] } }>(
      indexer,
      "{ nonceCancellations { items { minNonce transactionHash } } }",
    );
    expect(nonces.nonceCancellations.items).toEqual([{ minNonce: "3", transactionHash: cancelled.transactionHash }]);
  }, 300_000);
});

describe("crash during backfill", () => {
  it("resumes after SIGKILL on the same data and ends equal to a fresh full index", async () => {
    const chain = await startDevnetChain();
    cleanups.push(() => chain.anvil.stop());
    const clients = devnetClients(chain.rpcUrl);
    await emitNonceCancellations(clients, 40_000);
    await clients.testClient.mine({ blocks: 30 });
    const head = await clients.publicClient.getBlockNumber({ cacheTime: 0 });

    const dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-crash-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const options = await indexerOptionsFor(chain.rpcUrl, dataDir);

    // First run: spawned by hand to SIGKILL it once it has indexed something but not everything.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PONDER_RPC_URL_31337: chain.rpcUrl,
      INDEXER_DATA_DIR: dataDir,
      PONDER_TELEMETRY_DISABLED: "true",
    };
    delete env.PORT;
    delete env.DATABASE_URL;
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    const args = [ponderBin, "start", "--schema", options.schema ?? "hypotheca", "--port", String(options.port)];
    const child = spawn(process.execPath, args, { cwd: indexerDir, env, stdio: ["ignore", "pipe", "pipe"] });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let log = "";
    let progressed = false;
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        // Ponder logs each committed range of the backfill.
        if (/Indexed block range/.test(chunk.toString())) progressed = true;
      });
    }
    const killedAt = await until(
      "first backfill progress",
      async () => ({ progressed, exited: child.exitCode }),
      (state) => state.progressed || state.exited !== null,
      120_000,
    );
    expect(killedAt.exited, log.slice(-2000)).toBeNull();
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(log).not.toMatch(/Completed backfill indexing/);

    const resumed = await startIndexer({ ...options, port: options.port + 1 }, 300_000);
    cleanups.push(resumed.stop);
    await waitForBlock(resumed, head);

    const freshDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-fresh-"));
    cleanups.push(() => rm(freshDir, { recursive: true, force: true }));
    const fresh = await startIndexer(await indexerOptionsFor(chain.rpcUrl, freshDir), 300_000);
    cleanups.push(fresh.stop);

    const snapshot = async (indexer: Indexer) => ({
      loans: (await getJson<LoansResponse>(indexer, "/v1/loans?at=0")).body,
      pools: (await getJson<PoolsResponse>(indexer, "/v1/pools")).body,
      collections: (await getJson<CollectionsResponse>(indexer, "/v1/collections")).body,
      counts: await graphql(
        indexer,
        `{ nonceCancellations { totalCount } loanEvents { totalCount } positions { totalCount }
           oraclePrices { totalCount } priceRounds { totalCount } assets { totalCount } }`,
      ),
      lastNonce: await graphql(
        indexer,
        '{ nonceCancellations(orderBy: "minNonce", orderDirection: "desc", limit: 1) { items { minNonce } } }',
      ),
    });
    const [afterCrash, reference] = await Promise.all([snapshot(resumed), snapshot(fresh)]);
    expect(afterCrash).toEqual(reference);
    expect(afterCrash.counts).toMatchObject({ nonceCancellations: { totalCount: 40_000 } });
  }, 600_000);
});
