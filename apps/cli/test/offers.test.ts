import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deployments, wethAbi } from "@hypotheca/sdk";
import { type HDAccount, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { type Indexer, startIndexer } from "../../../devnet/src/indexer.ts";
import { freePort } from "../../../tools/lib/ports.ts";
import { runCli } from "./harness.ts";

let chain: DevnetChain | undefined;
let indexer: Indexer | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  chain = await startDevnetChain();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-cli-"));
  indexer = await startIndexer({ rpcUrl: chain.rpcUrl, port: await freePort(), dataDir });
});
afterAll(async () => {
  await indexer?.stop();
  await chain?.anvil.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function world() {
  if (!chain || !indexer) throw new Error("beforeAll did not start the devnet and the indexer");
  return { chain, indexer, clients: devnetClients(chain.rpcUrl) };
}

const cli = (args: string[], account?: HDAccount) =>
  runCli({ rpcUrl: world().chain.rpcUrl, apiUrl: world().indexer.url }, args, account);

describe("offers through the book", () => {
  it("a lender posts offers, a borrower borrows from the best one, repays, and the lender cancels the rest", async () => {
    const { lender, user } = devnetAccounts;
    const { chain, clients } = world();
    const apes = chain.collections[0]?.address ?? "";
    await clients.walletClient(lender).writeContract({
      address: deployments[31337].weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("10"),
    });

    const cheap = await cli(
      ["offers", "make", "--collection", apes, "--amount", "2", "--apr", "8%", "--duration", "30d", "--json"],
      lender,
    );
    expect(cheap.code, cheap.stderr).toBe(0);
    expect(cheap.stderr).toMatch(/Posting offer 0x[0-9a-f]{64}/);
    const dear = await cli(
      [
        "offers",
        "make",
        "--collection",
        apes,
        "--token-id",
        "4",
        "--amount",
        "2",
        "--apr",
        "12.5%",
        "--duration",
        "14d",
      ],
      lender,
    );
    expect(dear.code, dear.stderr).toBe(0);
    expect(dear.stdout).toMatch(/lends up to 2 WETH at 12.5% APR against token 4/);

    // Same principal: the lower APR first.
    const listed = await cli(["offers", "list", "--collection", apes, "--token-id", "4", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const { offers } = listed.json();
    expect(offers.map((o: { offer: { aprBps: string } }) => o.offer.aprBps)).toEqual(["800", "1250"]);
    const human = await cli(["offers", "list", "--collection", apes, "--token-id", "4"]);
    expect(human.stdout).toMatch(/hash\s+lender\s+up to\s+APR\s+days\s+scope/);
    expect(human.stdout).toMatch(/2 WETH\s+8%\s+30\s+collection/);

    const borrowed = await cli(
      ["borrow", "offer", cheap.json().hash, "--collection", apes, "--token-id", "4", "--json"],
      user,
    );
    expect(borrowed.code, borrowed.stderr).toBe(0);
    const { loanId } = borrowed.json();
    const myLoans = async () => (await cli(["loans", "--json"], user)).json().loans;
    await expect
      .poll(async () => (await myLoans()).find((l: { id: string }) => l.id === loanId))
      .toMatchObject({ role: "borrower", status: "active", principal: parseEther("2").toString() });
    const table = await cli(["loans", "--role", "borrower"], user);
    expect(table.stdout).toMatch(
      new RegExp(`${loanId}\\s+borrower\\s+active\\s+\\S+ #4\\s+2 WETH\\s+2(\\.\\d+)? WETH\\s+8%`),
    );

    await clients.walletClient(user).writeContract({
      address: deployments[31337].weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("3"),
    });
    const repaid = await cli(["repay", loanId], user);
    expect(repaid.code, repaid.stderr).toBe(0);
    await expect
      .poll(async () => (await myLoans()).find((l: { id: string }) => l.id === loanId)?.status)
      .toBe("repaid");

    // The filled offer is gone from the book; cancelling the other one empties the token's listing.
    const cancelled = await cli(["offers", "cancel", dear.stdout.match(/0x[0-9a-f]{64}/)?.[0] ?? ""], lender);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await expect
      .poll(
        async () => (await cli(["offers", "list", "--collection", apes, "--token-id", "4", "--json"])).json().offers,
      )
      .toEqual([]);

    // Borrowing from an unusable offer says why.
    const stale = await cli(["borrow", "offer", cheap.json().hash, "--collection", apes, "--token-id", "5"], user);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/cannot lend against token 5/);
  });

  it("lists a live pool auction with its price now", async () => {
    const { clients } = world();
    // The demo world's pool loan (loan 1) is past the pool's 30-day maximum 31 days later.
    await clients.testClient.increaseTime({ seconds: 31 * 86_400 });
    await clients.testClient.mine({ blocks: 1 });
    const started = await cli(["liquidations", "start", "1", "--json"], devnetAccounts.lender2);
    expect(started.code, started.stderr).toBe(0);
    await expect
      .poll(async () => (await cli(["liquidations", "list", "--json"])).json().auctions)
      .toMatchObject([{ loanId: "1", round: 0, startPrice: started.json().auction.startPrice }]);
    const human = await cli(["liquidations", "list"]);
    expect(human.stdout).toMatch(/^loan\s+collateral\s+price now\s+floor\s+debt/);
    expect(human.stdout).toMatch(/\n1\s+0x[0-9a-fA-F]{40} #6\s+\d+(\.\d+)? WETH/);
  });
});
