/**
 * Shared by the lending suites: a devnet with an indexer on it (PGlite, or PostgreSQL when
 * INDEXER_TEST_DATABASE_URL is set), transactions that must succeed, and waiting for the indexer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Abi, Account, Address, ContractFunctionArgs, ContractFunctionName, TransactionReceipt } from "viem";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { type Indexer, type StartIndexerOptions, startIndexer } from "../../../devnet/src/indexer.ts";
import { freePort } from "../../../tools/lib/ports.ts";
import { testDatabaseUrl } from "../../../tools/lib/postgres.ts";

export type World = {
  chain: DevnetChain;
  indexer: Indexer;
  clients: ReturnType<typeof devnetClients>;
  dataDir: string;
  /** Options the indexer was started with, to start it again on the same data. */
  indexerOptions: StartIndexerOptions;
  stop: () => Promise<void>;
};

export async function indexerOptionsFor(rpcUrl: string, dataDir: string): Promise<StartIndexerOptions> {
  // PostgreSQL when INDEXER_TEST_DATABASE_URL is set: a database of its own per chain.
  const databaseUrl = await testDatabaseUrl();
  return { rpcUrl, port: await freePort(), dataDir, ...(databaseUrl ? { databaseUrl } : {}) };
}

export async function startWorld(): Promise<World> {
  const chain = await startDevnetChain();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-lending-"));
  const indexerOptions = await indexerOptionsFor(chain.rpcUrl, dataDir);
  const indexer = await startIndexer(indexerOptions);
  return {
    chain,
    indexer,
    clients: devnetClients(chain.rpcUrl),
    dataDir,
    indexerOptions,
    stop: async () => {
      await indexer.stop();
      await chain.anvil.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function getJson<T>(indexer: Indexer, route: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${indexer.url}${route}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** Sends a contract call from `account` and returns its receipt; throws if it reverted. */
export async function send<
  const abi extends Abi,
  name extends ContractFunctionName<abi, "nonpayable" | "payable">,
  args extends ContractFunctionArgs<abi, "nonpayable" | "payable", name>,
>(
  clients: World["clients"],
  account: Account,
  call: { address: Address; abi: abi; functionName: name; args?: args; value?: bigint },
): Promise<TransactionReceipt> {
  const { request } = await clients.publicClient.simulateContract({ ...call, account } as never);
  const hash = await clients.walletClient(account).writeContract(request as never);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted in ${hash}`);
  return receipt;
}

/** Resolves once the indexer has processed block `block` (its /status), within `timeoutMs`. */
export async function waitForBlock(indexer: Indexer, block: bigint, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const status = (await (await fetch(`${indexer.url}/status`)).json()) as {
        devnet?: { block: { number: number } };
      };
      if (BigInt(status.devnet?.block.number ?? -1) >= block) return;
    } catch {
      // restarting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the indexer did not reach block ${block} within ${timeoutMs} ms:\n${indexer.output()}`);
}

export async function waitForHead(world: Pick<World, "indexer" | "clients">): Promise<void> {
  await waitForBlock(world.indexer, await world.clients.publicClient.getBlockNumber({ cacheTime: 0 }));
}
