import { deployments, lendingPoolAbi, wethAbi } from "@hypotheca/sdk";
import { type HDAccount, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { runCli } from "./harness.ts";

const { lendingPool, weth } = deployments[31337];
let chain: DevnetChain | undefined;

beforeAll(async () => {
  chain = await startDevnetChain();
});
afterAll(async () => {
  await chain?.anvil.stop();
});

function world() {
  if (!chain) throw new Error("beforeAll did not start the devnet");
  return { chain, clients: devnetClients(chain.rpcUrl) };
}

const cli = (args: string[], account?: HDAccount) => runCli({ rpcUrl: world().chain.rpcUrl }, args, account);

describe("hypotheca pool", () => {
  it("deposits (approving first), shows the position, and withdraws everything withdrawable", async () => {
    const { user } = devnetAccounts;
    const { clients } = world();
    await clients.walletClient(user).writeContract({
      address: weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("20"),
    });

    const deposit = await cli(["pool", "deposit", "10", "--json"], user);
    expect(deposit.code).toBe(0);
    expect(deposit.stderr).toMatch(/Approving .* to spend 10000000000000000000/);
    expect(deposit.stderr).toMatch(/Depositing 10 WETH…\n {2}done: 0x[0-9a-f]{64} \(block \d+, gas \d+\)/);
    const { shares } = deposit.json();
    expect(BigInt(shares)).toBe(
      await clients.publicClient.readContract({
        address: lendingPool.address,
        abi: lendingPoolAbi,
        functionName: "balanceOf",
        args: [user.address],
      }),
    );

    const info = await cli(["pool", "info", "--json"], user);
    expect(info.code).toBe(0);
    const state = info.json();
    expect(BigInt(state.position.shares)).toBe(BigInt(shares));
    expect(BigInt(state.totals.cash)).toBeGreaterThan(parseEther("600"));
    expect(Number(state.utilizationBps)).toBeGreaterThan(0);

    const human = await cli(["pool", "info"], user);
    expect(human.stdout).toMatch(/available cash\s+\d+(\.\d+)? WETH/);
    expect(human.stdout).toMatch(/your position\s+9\.9{6,}\d* WETH|your position\s+10 WETH/);

    const withdraw = await cli(["pool", "withdraw", "max", "--json"], user);
    expect(withdraw.code).toBe(0);
    expect(BigInt(withdraw.json().shares)).toBeGreaterThan(0n);
  });
});

describe("hypotheca borrow pool / repay", () => {
  it("borrows against an NFT, pays part, then repays the rest and gets the NFT back", async () => {
    // The demo user has never approved its NFTs: the CLI approves token 3 first.
    const borrower = devnetAccounts.user;
    const { chain, clients } = world();
    const apes = chain.collections[0]?.address ?? "";
    const borrowed = await cli(
      ["borrow", "pool", "--collection", apes, "--token-id", "3", "--amount", "1.5", "--json"],
      borrower,
    );
    expect(borrowed.code, borrowed.stderr).toBe(0);
    expect(borrowed.stderr).toMatch(/Approving .* for token 3 of/);
    const { loanId, loan } = borrowed.json();
    expect(loan.principal).toBe(parseEther("1.5").toString());

    await clients.walletClient(borrower).writeContract({
      address: weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("5"),
    });
    const partial = await cli(["repay", loanId, "--amount", "0.5", "--json"], borrower);
    expect(partial.code, partial.stderr).toBe(0);
    expect(BigInt(partial.json().debt)).toBeGreaterThanOrEqual(parseEther("1"));

    const full = await cli(["repay", loanId], borrower);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(new RegExp(`Repaid loan ${loanId}: .* the NFT went to ${borrower.address}`));
  });
});

describe("hypotheca liquidations", () => {
  it("liquidates an overdue pool loan and buys its NFT in the auction", async () => {
    const { lender } = devnetAccounts;
    const { clients } = world();
    // The demo world's pool loan is loan 1; 31 days later it is past the pool's 30-day maximum.
    await clients.testClient.increaseTime({ seconds: 31 * 86_400 });
    await clients.testClient.mine({ blocks: 1 });
    const started = await cli(["liquidations", "start", "1", "--json"], lender);
    expect(started.code, started.stderr).toBe(0);
    const auction = started.json().auction;
    expect(BigInt(auction.startPrice)).toBeGreaterThan(BigInt(auction.floorPrice));

    await clients.walletClient(lender).writeContract({
      address: weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("30"),
    });
    const bought = await cli(["liquidations", "buy", "1", "--json"], lender);
    expect(bought.code, bought.stderr).toBe(0);
    expect(BigInt(bought.json().price)).toBeLessThanOrEqual(BigInt(auction.startPrice));
  });
});

describe("usage and errors", () => {
  it("lists the commands and exits 0 on --help; 2 on an unknown flag; 1 with the reason on failure", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^hypotheca — lend and borrow against NFTs/);
    for (const command of ["offers make", "borrow pool", "repay", "pool deposit", "liquidations buy", "loans"]) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    const commandHelp = await cli(["repay", "--help"]);
    expect(commandHelp.stdout).toMatch(/^hypotheca repay <loanId> \[--amount <amount>\]/);

    const unknownFlag = await cli(["repay", "1", "--amonut", "1"], devnetAccounts.user);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--amonut'/);

    const noKey = await cli(["pool", "deposit", "1"]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/pass --private-key/);

    const closed = await cli(["repay", "999", "--json"], devnetAccounts.user);
    expect(closed.code).toBe(1);
    expect(closed.json().error.message).toMatch(/999/);

    const tooMuch = await cli(["pool", "withdraw", "100000"], devnetAccounts.user);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toMatch(/withdrawable now/);
  });
});
