/**
 * Library parity: every function of loanMath / poolMath against the Solidity library it mirrors
 * (contracts/test/harness/MathHarness.sol on anvil), on inputs over the whole uint256 domain. Same
 * result, or both fail (revert / ArithmeticError). Each property checks batches of cases in one
 * deployless multicall, so a few hundred cases cost a handful of eth_calls; on a mismatch fast-check
 * shrinks the batch to the failing case and prints its seed.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import type { Abi, Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { ANVIL_DEPLOYER_KEY, type Anvil, startAnvil } from "../../../tools/lib/anvil.ts";
import { contractsDir, forgeBin } from "../../../tools/lib/paths.ts";
import { run } from "../../../tools/lib/process.ts";
import { type Loan, loanMath, poolMath } from "../src/index.ts";
import { amount, bps, exampleLoan, loan, MAX_UINT256, seconds, timeAround, uint } from "./arbitraries.ts";
import { checkParity as check } from "./parity.ts";

/** 20 batches of up to 40: about 400 cases per function. */
const RUNS = 20;

let anvil: Anvil;
let harness: { address: Address; abi: Abi };
let clients: ReturnType<typeof devnetClients>;

beforeAll(async () => {
  // forgeBuild() skips test/, and a build into the shared contracts/out could race the devnet build of a
  // parallel test file: compile the harness (and the libraries it imports) into a directory of its own.
  const buildDir = await mkdtemp(path.join(tmpdir(), "hypotheca-math-harness-"));
  try {
    const [started] = await Promise.all([
      startAnvil(),
      run(
        forgeBin,
        [
          "build",
          "test/harness/MathHarness.sol",
          "--out",
          path.join(buildDir, "out"),
          "--cache-path",
          path.join(buildDir, "cache"),
        ],
        { cwd: contractsDir },
      ),
    ]);
    anvil = started;
    const artifact = JSON.parse(
      await readFile(path.join(buildDir, "out/MathHarness.sol/MathHarness.json"), "utf8"),
    ) as {
      abi: Abi;
      bytecode: { object: Hex };
    };
    clients = devnetClients(anvil.rpcUrl);
    const hash = await clients.walletClient(privateKeyToAccount(ANVIL_DEPLOYER_KEY)).deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode.object,
    });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error("MathHarness was not deployed");
    harness = { address: receipt.contractAddress, abi: artifact.abi };
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
});
afterAll(async () => {
  await anvil?.stop();
});

/** The harness's functions, checked on batches of up to 40 cases. */
function checkParity<Args extends unknown[]>(
  functionName: string,
  args: fc.Arbitrary<Args>,
  ts: (...args: Args) => unknown,
  examples: Args[] = [],
) {
  return check({ client: clients.publicClient, ...harness }, functionName, args, ts, { examples, numRuns: RUNS });
}

const pair = <T>(value: { interest: T; debt: T }) => [value.interest, value.debt];

describe("LoanMathLib parity", () => {
  it("interestUp", async () => {
    const stats = await checkParity("interestUp", fc.tuple(amount, bps, seconds), loanMath.interestUp, [
      [0n, 0n, 0n],
      [1n, 1n, 1n],
      [MAX_UINT256, 1n, 1n], // result overflows after rounding
      [1n, MAX_UINT256, 2n], // apr * elapsed overflows
      [10n ** 18n, 500n, 365n * 86_400n],
    ]);
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("debtAt", async () => {
    const cases = loan.chain((l) => fc.tuple(fc.constant(l), timeAround(BigInt(l.accrualStart))));
    const base = exampleLoan;
    const stats = await checkParity<[Loan, bigint]>("debtAt", cases, (l, t) => pair(loanMath.debtAt(l, t)), [
      [{ ...base, accrualStart: 100 }, 100n],
      [{ ...base, accrualStart: 100 }, 99n], // before accrualStart
      [{ ...base, principal: MAX_UINT256, carriedInterest: 0n, accrualStart: 0 }, 0n],
      [{ ...base, principal: MAX_UINT256, accrualStart: 0, aprBps: 1 }, 1n],
    ]);
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("feeOn", async () => {
    const stats = await checkParity("feeOn", fc.tuple(amount, bps), loanMath.feeOn, [
      [0n, 0n],
      [9_999n, 1n],
      [MAX_UINT256, 2n],
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("refinancingCeiling", async () => {
    const stats = await checkParity(
      "refinancingCeiling",
      fc.tuple(bps, bps, seconds, seconds),
      loanMath.refinancingCeiling,
      [
        [500n, 100_000n, 0n, 172_800n],
        [500n, 100_000n, 86_400n, 172_800n],
        [500n, 100_000n, 172_800n, 172_800n],
        [500n, 100_000n, 0n, 0n],
        [0n, MAX_UINT256, 2n, 3n], // (max - apr) * elapsed overflows
      ],
    );
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("salePremium", async () => {
    const stats = await checkParity("salePremium", fc.tuple(amount, bps, seconds, seconds), loanMath.salePremium, [
      [10n ** 18n, 30_000n, 0n, 172_800n],
      [10n ** 18n, 30_000n, 172_799n, 172_800n],
      [10n ** 18n, 30_000n, 172_800n, 172_800n],
      [1n, 1n, 0n, MAX_UINT256], // BPS * duration overflows
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });
});

describe("PoolMathLib parity", () => {
  it("borrowRateUp", async () => {
    const kink = fc.oneof(uint(256, 10_000n), fc.constantFrom(0n, 1n, 8000n, 9_999n, 10_000n, 10_001n));
    const stats = await checkParity(
      "borrowRateUp",
      fc.tuple(bps, bps, bps, kink, amount, amount),
      poolMath.borrowRateUp,
      [
        [200n, 800n, 6000n, 8000n, 0n, 100n],
        [200n, 800n, 6000n, 8000n, 80n, 100n], // at the kink
        [200n, 800n, 6000n, 8000n, 81n, 100n],
        [200n, 800n, 6000n, 8000n, 200n, 100n], // lent above total: capped
        [200n, 800n, 6000n, 0n, 1n, 100n], // no kink: steep part only
        [200n, 800n, 6000n, 10_001n, 1n, 100n], // BPS - kink underflows
      ],
    );
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("lenderShare", async () => {
    const stats = await checkParity("lenderShare", fc.tuple(bps, bps), poolMath.lenderShare, [
      [0n, 0n],
      [10_000n, 10_000n],
      [10_001n, 0n],
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("interestRate", async () => {
    const share = uint(256, 10n ** 8n);
    const stats = await checkParity("interestRate", fc.tuple(amount, bps, share), poolMath.interestRate, [
      [10n ** 18n, 500n, 10n ** 8n],
      [MAX_UINT256, 1n, 2n],
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("carriedScaled", async () => {
    const stats = await checkParity("carriedScaled", fc.tuple(amount, uint(256, 10n ** 8n)), poolMath.carriedScaled, [
      [MAX_UINT256, 1n],
      [MAX_UINT256, 2n],
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("auctionPrice", async () => {
    const stats = await checkParity("auctionPrice", fc.tuple(amount, amount, seconds, seconds), poolMath.auctionPrice, [
      [13n, 8n, 0n, 43_200n],
      [13n, 8n, 43_199n, 43_200n],
      [13n, 8n, 43_200n, 43_200n],
      [8n, 13n, 0n, 43_200n], // start below floor
      [MAX_UINT256, 0n, 0n, 1n],
    ]);
    expect(stats.results).toBeGreaterThan(0);
  });

  it("healthFactor", async () => {
    const stats = await checkParity("healthFactor", fc.tuple(amount, bps, amount), poolMath.healthFactor, [
      [10n ** 18n, 6000n, 0n],
      [10n ** 18n, 6000n, 6n * 10n ** 17n],
      [MAX_UINT256, 2n, 1n],
      [1n, 1n, MAX_UINT256],
    ]);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("toAsset", async () => {
    const decimals = fc.oneof(uint(256, 80n), fc.constantFrom(0n, 6n, 8n, 18n, 36n, 59n, 60n, 77n, 78n));
    const stats = await checkParity(
      "toAsset",
      fc.tuple(amount, uint(256, 10n ** 12n), decimals, decimals),
      poolMath.toAsset,
      [
        [10n ** 18n, 1n, 0n, 18n],
        [10n ** 18n, 3_000n * 10n ** 8n, 8n, 6n],
        [1n, 1n, 0n, 77n],
        [1n, 1n, 0n, 78n], // 10 ** 78 overflows
        [1n, 1n, 60n, 0n], // 10 ** (18 + 60) overflows
      ],
    );
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("bpsDown and bpsUp", async () => {
    const examples: [bigint, bigint][] = [
      [1n, 1n],
      [MAX_UINT256, 10_000n],
      [MAX_UINT256, 10_001n],
    ];
    const down = await checkParity("bpsDown", fc.tuple(amount, bps), poolMath.bpsDown, examples);
    const up = await checkParity("bpsUp", fc.tuple(amount, bps), poolMath.bpsUp, examples);
    expect(down.failures).toBeGreaterThan(0);
    expect(up.failures).toBeGreaterThan(0);
  });
});

describe("the mirrors reject what is not a uint256", () => {
  it("throws InvalidUintError on negative or oversized arguments", () => {
    expect(() => poolMath.bpsDown(-1n, 1n)).toThrow(/is not a uint256/);
    expect(() => loanMath.feeOn(MAX_UINT256 + 1n, 1n)).toThrow(/is not a uint256/);
  });
});
