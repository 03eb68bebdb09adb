/**
 * Entity parity on the devnet: the loan, pool and auction functions against the deployed LoanCore and
 * WETH LendingPool views — at the demo world's state, after a deposit and a borrow made through the
 * contracts, and through a liquidation auction.
 */
import fc from "fast-check";
import { type Address, parseEther, parseEventLogs, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  type Auction,
  AuctionStatus,
  auctionEndsAt,
  auctionPriceAt,
  auctionStatus,
  collateralValue,
  DefaultMode,
  deployments,
  floorOracleAbi,
  getLoanCoreParameters,
  getPoolState,
  type Loan,
  type LoanCoreParameters,
  LoanStatus,
  latestLoans,
  lendingPoolAbi,
  loanCoreAbi,
  loanDebtAt,
  loanHealthFactor,
  loanStatus,
  poolBorrowRate,
  poolMaxBorrow,
  poolQuote,
  poolSupplyRate,
  poolUtilization,
  redemptionCost,
  refinancingCeilingAt,
  restartedAuction,
  salePriceAt,
  wethAbi,
} from "../src/index.ts";
import { amount, exampleLoan, loan, MAX_UINT256, timeAround, uint } from "./arbitraries.ts";
import { checkParity } from "./parity.ts";

const { loanCore, lendingPool, weth, floorOracle } = deployments[31337];
// Batches of up to 40 cases: about 500 per property; the devnet start-up dominates the run time.
const NUM_RUNS = 25;

let chain: DevnetChain;
let clients: ReturnType<typeof devnetClients>;
let params: LoanCoreParameters;

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = devnetClients(chain.rpcUrl);
  params = await getLoanCoreParameters(clients.publicClient);
});
afterAll(async () => {
  await chain?.anvil.stop();
});

const core = () => ({ client: clients.publicClient, address: loanCore.address, abi: loanCoreAbi });
const pool = () => ({ client: clients.publicClient, address: lendingPool.address, abi: lendingPoolAbi });

/** `a + offset`, kept inside uint40 like the struct field. */
const at40 = (a: number, offset: bigint) =>
  Number(BigInt(a) + offset > 2n ** 40n - 1n ? 2n ** 40n - 1n : BigInt(a) + offset);
const offset = fc.oneof(fc.bigInt({ min: 0n, max: 10n * 86_400n }), fc.constant(0n), uint(40));

async function poolLoans(): Promise<Map<bigint, Loan>> {
  const logs = await clients.publicClient.getLogs({ address: loanCore.address, fromBlock: 0n });
  return latestLoans(logs);
}

describe("loan entity against LoanCore", () => {
  it("reads the core's immutable parameters (script/LoanDefaults.sol)", () => {
    expect(params).toEqual({
      minAprImprovementBps: 1000,
      minHoldingPeriod: 2 * 86_400,
      minCallDelay: 3 * 86_400,
      refinancingAuctionDuration: 2 * 86_400,
      maxAprBps: 100_000,
      saleDuration: 2 * 86_400,
      saleStartPremiumBps: 30_000,
    });
  });

  it("loanDebtAt equals debtAt for any loan and time", async () => {
    const cases = loan.chain((l) => fc.tuple(fc.constant(l), timeAround(BigInt(l.accrualStart))));
    const stats = await checkParity<[Loan, bigint]>(
      core(),
      "debtAt",
      cases,
      (l, t) => {
        const { interest, debt } = loanDebtAt(l, t);
        return [interest, debt];
      },
      { numRuns: NUM_RUNS, examples: [[exampleLoan, BigInt(exampleLoan.accrualStart) - 1n]] },
    );
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("salePriceAt equals salePrice for any sale start and time", async () => {
    const cases = fc
      .tuple(loan, offset)
      .map(([l, d]): Loan => ({ ...l, saleStart: at40(l.accrualStart, d) }))
      .chain((l) => fc.tuple(fc.constant(l), timeAround(BigInt(l.saleStart))));
    const sale = { ...exampleLoan, saleStart: exampleLoan.startTime + 40 * 86_400 };
    const saleStart = BigInt(sale.saleStart);
    const stats = await checkParity<[Loan, bigint]>(core(), "salePrice", cases, (l, t) => salePriceAt(l, t, params), {
      numRuns: NUM_RUNS,
      examples: [
        [sale, saleStart], // 4x the debt
        [sale, saleStart + 86_400n],
        [sale, saleStart + 2n * 86_400n], // premium gone
        [sale, saleStart - 1n], // before the sale
        [{ ...exampleLoan, saleStart: 0 }, saleStart], // never started: before accrualStart
        [{ ...sale, principal: MAX_UINT256 / 2n }, saleStart], // premium overflows the debt
      ],
    });
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("refinancingCeilingAt equals refinancingCeiling for any call and time", async () => {
    const cases = loan.chain((l) => fc.tuple(fc.constant(l), timeAround(BigInt(l.callTime))));
    const called = { ...exampleLoan, duration: 0, gracePeriod: 0, callTime: exampleLoan.startTime + 4 * 86_400 };
    const callTime = BigInt(called.callTime);
    const stats = await checkParity<[Loan, bigint]>(
      core(),
      "refinancingCeiling",
      cases,
      (l, t) => refinancingCeilingAt(l, t, params),
      {
        numRuns: NUM_RUNS,
        examples: [
          [called, callTime],
          [called, callTime + 86_400n],
          [called, callTime + 2n * 86_400n],
          [called, callTime - 1n],
          [{ ...called, aprBps: 200_000 }, callTime + 1n], // above the cap: stays
        ],
      },
    );
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("walks a fixed-term Auction loan and an open-term loan through their statuses", () => {
    const start = BigInt(exampleLoan.startTime);
    const due = start + 30n * 86_400n;
    const status = (l: Loan, t: bigint) => loanStatus(l, t, params);
    expect(status(exampleLoan, start)).toBe(LoanStatus.Active);
    expect(status(exampleLoan, due)).toBe(LoanStatus.Active);
    expect(status(exampleLoan, due + 1n)).toBe(LoanStatus.Grace);
    expect(status(exampleLoan, due + 86_400n)).toBe(LoanStatus.Grace);
    expect(status(exampleLoan, due + 86_401n)).toBe(LoanStatus.Defaulted);
    const onSale = { ...exampleLoan, saleStart: Number(due + 86_401n) };
    expect(status(onSale, due + 86_401n)).toBe(LoanStatus.SaleLive);
    expect(status(onSale, due + 86_401n + 2n * 86_400n)).toBe(LoanStatus.SaleOver);

    const open = { ...exampleLoan, duration: 0, gracePeriod: 0 };
    expect(status(open, start + 365n * 86_400n)).toBe(LoanStatus.Active);
    const called = { ...open, callTime: Number(start + 5n * 86_400n) };
    expect(status(called, start + 5n * 86_400n)).toBe(LoanStatus.Called);
    expect(status(called, start + 7n * 86_400n - 1n)).toBe(LoanStatus.Called);
    expect(status(called, start + 7n * 86_400n)).toBe(LoanStatus.Defaulted);
  });
});

/** Every pool view the entities mirror, at one block, against getPoolState and the pure functions. */
async function expectPoolViewsMatch() {
  const { publicClient } = clients;
  const state = await getPoolState(publicClient, { pool: lendingPool.address });
  const { blockNumber } = state;
  const view = { address: lendingPool.address, abi: lendingPoolAbi, blockNumber } as const;
  expect(poolUtilization(state)).toBe(await publicClient.readContract({ ...view, functionName: "utilization" }));
  expect(poolBorrowRate(state)).toBe(await publicClient.readContract({ ...view, functionName: "borrowRate" }));
  expect(poolSupplyRate(state)).toBe(await publicClient.readContract({ ...view, functionName: "supplyRate" }));
  expect(state.totalAssets).toBe(state.totals.cash + state.totals.lent + state.totals.interest);

  // quote(principal) for any principal, up to the overflow of lent + principal.
  const principals = fc.oneof(amount, fc.bigInt({ min: 0n, max: state.totals.cash * 2n }));
  const quotes = await checkParity(
    { ...pool(), blockNumber },
    "quote",
    fc.tuple(principals),
    (p) => poolQuote(state, p),
    {
      numRuns: NUM_RUNS,
      examples: [[0n], [state.totals.cash], [MAX_UINT256]],
    },
  );
  expect(quotes.failures).toBeGreaterThan(0);

  // maxBorrow and healthFactor from oracle prices and the collection's config.
  const collection = chain.collections[0]?.address as Address;
  const [collectionState, borrowPrice, liquidationPrice] = await Promise.all([
    publicClient.readContract({ ...view, functionName: "collectionState", args: [collection] }),
    publicClient.readContract({
      address: floorOracle.address,
      abi: floorOracleAbi,
      functionName: "borrowPrice",
      args: [collection],
      blockNumber,
    }),
    publicClient.readContract({
      address: floorOracle.address,
      abi: floorOracleAbi,
      functionName: "liquidationPrice",
      args: [collection],
      blockNumber,
    }),
  ]);
  const [, config] = await publicClient.readContract({
    ...view,
    functionName: "collectionConfig",
    args: [collectionState.version],
  });
  const maxBorrow = poolMaxBorrow({
    value: collateralValue({ priceEth: borrowPrice, assetDecimals: BigInt(state.assetDecimals) }),
    ltvBps: BigInt(config.ltvBps),
    exposureCap: config.exposureCap,
    exposure: collectionState.exposure,
    cash: state.totals.cash,
    borrowingAllowed: config.enabled && !collectionState.borrowingDisabled,
  });
  expect(maxBorrow).toBeGreaterThan(0n);
  expect(maxBorrow).toBe(
    await publicClient.readContract({ ...view, functionName: "maxBorrow", args: [collection, 1n, 10_000n, []] }),
  );

  for (const [loanId, live] of await poolLoans()) {
    if (live.defaultMode !== DefaultMode.Managed) continue;
    const record = await publicClient.readContract({ ...view, functionName: "loanRecord", args: [loanId] });
    const [, loanConfig] = await publicClient.readContract({
      ...view,
      functionName: "collectionConfig",
      args: [record.version],
    });
    const value = collateralValue({
      priceEth: liquidationPrice,
      premiumBps: BigInt(record.premiumBps),
      assetDecimals: 18n,
    });
    const health = loanHealthFactor(live, state.timestamp, {
      value,
      liquidationThresholdBps: BigInt(loanConfig.liquidationThresholdBps),
    });
    expect(health).toBe(
      await publicClient.readContract({ ...view, functionName: "healthFactor", args: [loanId, live] }),
    );
  }
  return state;
}

describe("pool entity against the WETH LendingPool", () => {
  it("matches the pool's views at the demo world's state", async () => {
    const state = await expectPoolViewsMatch();
    expect(state.asset).toBe(weth.address);
    expect(state.totals.lent).toBe(parseEther("1.5"));
  });

  it("matches them after a deposit and a borrow made through the contracts", async () => {
    const { lender2, borrower } = devnetAccounts;
    const { publicClient, walletClient } = clients;
    const send = async (hash: Promise<`0x${string}`>) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
      expect(receipt.status).toBe("success");
    };
    const depositor = walletClient(lender2);
    const deposit = parseEther("50");
    await send(
      depositor.writeContract({ address: weth.address, abi: wethAbi, functionName: "deposit", value: deposit }),
    );
    await send(
      depositor.writeContract({
        address: weth.address,
        abi: wethAbi,
        functionName: "approve",
        args: [lendingPool.address, deposit],
      }),
    );
    await send(
      depositor.writeContract({
        address: lendingPool.address,
        abi: lendingPoolAbi,
        functionName: "deposit",
        args: [deposit, lender2.address],
      }),
    );
    await expectPoolViewsMatch();

    // A borrow at exactly the entity's quote is accepted: the pool fixes the APR at post-borrow utilization.
    const principal = parseEther("3");
    const before = await getPoolState(publicClient, { pool: lendingPool.address });
    const aprBps = poolQuote(before, principal);
    expect(aprBps).toBeGreaterThan(poolBorrowRate(before));
    await send(
      walletClient(borrower).writeContract({
        address: loanCore.address,
        abi: loanCoreAbi,
        functionName: "borrowFrom",
        args: [
          lendingPool.address,
          {
            collateral: chain.collections[0]?.address as Address,
            tokenId: 7n,
            collateralAmount: 0n,
            currency: weth.address,
            principal,
            aprBps: Number(aprBps),
            duration: 20 * 86_400,
            gracePeriod: 0,
            defaultMode: DefaultMode.Managed,
            delegate: zeroAddress,
          },
          "0x",
        ],
      }),
    );
    const after = await expectPoolViewsMatch();
    expect(poolBorrowRate(after)).toBe(aprBps);
    expect(after.totals.lent).toBe(before.totals.lent + principal);
  });
});

describe("auction entity through a liquidation", () => {
  it("prices any auction at any time like the pool's auctionPrice", async () => {
    const auctions = fc.record({
      startPrice: amount,
      floorPrice: amount,
      startTime: uint(40, 2n ** 32n).map(Number),
      duration: uint(32, 86_400n).map(Number),
    });
    const cases = auctions.chain((a) =>
      fc.tuple(fc.constant({ ...emptyAuction, ...a } as Auction), timeAround(BigInt(a.startTime))),
    );
    const stats = await checkParity(pool(), "auctionPrice", cases, auctionPriceAt, {
      numRuns: NUM_RUNS,
      examples: [[{ ...emptyAuction, startPrice: 13n, floorPrice: 8n, startTime: 100, duration: 10 }, 99n]],
    });
    expect(stats.results).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  });

  it("follows the demo loan from overdue to a live auction, its floor and a restart", async () => {
    const { publicClient, testClient, walletClient } = clients;
    const [loanId, demoLoan] = [...(await poolLoans())][0] ?? [];
    if (loanId === undefined || !demoLoan) throw new Error("the devnet has no pool loan");
    const now = async () => (await publicClient.getBlock()).timestamp;
    expect(loanStatus(demoLoan, await now(), params)).toBe(LoanStatus.Active);

    // Past its 30 days the pool may liquidate it.
    const due = BigInt(demoLoan.startTime) + BigInt(demoLoan.duration);
    await testClient.setNextBlockTimestamp({ timestamp: due + 1n });
    await testClient.mine({ blocks: 1 });
    expect(loanStatus(demoLoan, await now(), params)).toBe(LoanStatus.Overdue);
    const keeper = walletClient(devnetAccounts.lender);
    const started = await publicClient.waitForTransactionReceipt({
      hash: await keeper.writeContract({
        address: lendingPool.address,
        abi: lendingPoolAbi,
        functionName: "startLiquidation",
        args: [loanId, demoLoan],
      }),
    });
    const [event] = parseEventLogs({ abi: lendingPoolAbi, logs: started.logs, eventName: "LiquidationStarted" });
    if (!event) throw new Error("no LiquidationStarted");
    const auction = event.args.auction;
    expect(auctionPriceAt(auction, BigInt(auction.startTime))).toBe(auction.startPrice);
    expect(auctionStatus(auction, BigInt(auction.startTime))).toBe(AuctionStatus.Live);
    expect(redemptionCost(auction).total).toBe(
      auction.debt + (auction.debt * BigInt(auction.penaltyBps) + 9_999n) / 10_000n,
    );

    // Before the end a restart reverts; at the end the auction sits at its floor and restarts as predicted.
    const endsAt = auctionEndsAt(auction);
    const restart = {
      address: lendingPool.address,
      abi: lendingPoolAbi,
      functionName: "restart",
      args: [loanId, auction],
    } as const;
    await expect(publicClient.simulateContract({ ...restart, account: devnetAccounts.lender })).rejects.toThrow(
      /AuctionNotOver/,
    );
    expect(auctionStatus(auction, endsAt - 1n)).toBe(AuctionStatus.Live);
    expect(auctionStatus(auction, endsAt)).toBe(AuctionStatus.AtFloor);
    expect(auctionPriceAt(auction, endsAt)).toBe(auction.floorPrice);
    await testClient.setNextBlockTimestamp({ timestamp: endsAt });
    const restarted = await publicClient.waitForTransactionReceipt({ hash: await keeper.writeContract(restart) });
    const [again] = parseEventLogs({ abi: lendingPoolAbi, logs: restarted.logs, eventName: "AuctionRestarted" });
    expect(again?.args.auction).toEqual(restartedAuction(auction, endsAt));
  });
});

const emptyAuction: Auction = {
  collection: zeroAddress,
  tokenId: 0n,
  borrower: zeroAddress,
  starter: zeroAddress,
  debt: 0n,
  bookValue: 0n,
  principal: 0n,
  startPrice: 0n,
  floorPrice: 0n,
  startTime: 0,
  duration: 0,
  floorBps: 0,
  penaltyBps: 0,
  round: 0,
};
