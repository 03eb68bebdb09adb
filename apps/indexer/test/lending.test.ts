import {
  DefaultMode,
  deployments,
  floorOracleAbi,
  type Loan,
  lendingPoolAbi,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  Scope,
  wethAbi,
} from "@hypotheca/sdk";
import {
  type Address,
  getAddress,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  zeroAddress,
  zeroHash,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import type { AuctionsResponse } from "../src/api/auctions.ts";
import type { CollectionResponse, CollectionsResponse, FloorHistoryResponse } from "../src/api/collections.ts";
import type { LoanResponse, LoansResponse, LoanView } from "../src/api/loans.ts";
import type { PoolResponse, PoolsResponse } from "../src/api/pools.ts";
import { getJson, send, startWorld, type World, waitForBlock } from "./lendingHarness.ts";

const DAY = 86_400;
const { lender, borrower, user, floorFeeders } = devnetAccounts;
const { loanCore, weth, lendingPool, floorOracle } = deployments[31337];
const core = { address: loanCore.address, abi: loanCoreAbi } as const;
const pool = { address: lendingPool.address, abi: lendingPoolAbi } as const;
const oracle = { address: floorOracle.address, abi: floorOracleAbi } as const;
const wethToken = { address: weth.address, abi: wethAbi } as const;

type ErrorBody = { error: { code: string; message: string } };

let world: World | undefined;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

function w(): World {
  if (!world) throw new Error("beforeAll did not start the world");
  return world;
}

const get = <T>(route: string) => getJson<T>(w().indexer, route);

/** The loan struct of the last LoanStarted/LoanUpdated/LoanTransferred in `receipt`. */
function loanIn(receipt: TransactionReceipt): { loanId: bigint; loan: Loan } {
  const events = parseEventLogs({
    abi: loanCoreAbi,
    logs: receipt.logs,
    eventName: ["LoanStarted", "LoanUpdated", "LoanTransferred"],
  });
  const last = events.at(-1);
  if (!last) throw new Error(`no loan event in ${receipt.transactionHash}`);
  return { loanId: last.args.loanId, loan: last.args.loan };
}

function repaidIn(receipt: TransactionReceipt) {
  const [repaid] = parseEventLogs({ abi: loanCoreAbi, logs: receipt.logs, eventName: "LoanRepaid" });
  if (!repaid) throw new Error(`no LoanRepaid in ${receipt.transactionHash}`);
  return repaid.args;
}

/** The terms part of a LoanView, from the struct the chain emitted. */
function termsView(loan: Loan) {
  const due = loan.duration === 0 ? null : loan.startTime + loan.duration;
  return {
    collateral: getAddress(loan.collateral),
    tokenId: loan.tokenId.toString(),
    collateralAmount: loan.collateralAmount.toString(),
    currency: getAddress(loan.currency),
    principal: loan.principal.toString(),
    carriedInterest: loan.carriedInterest.toString(),
    aprBps: loan.aprBps,
    feeBps: loan.feeBps,
    defaultMode: (["foreclose", "auction", "managed"] as const)[loan.defaultMode] ?? "foreclose",
    startTime: loan.startTime,
    accrualStart: loan.accrualStart,
    duration: loan.duration,
    gracePeriod: loan.gracePeriod,
    callTime: loan.callTime === 0 ? null : loan.callTime,
    saleStart: loan.saleStart === 0 ? null : loan.saleStart,
    delegate: getAddress(loan.delegate),
    dueTime: due,
    defaultTime: due === null ? null : due + loan.gracePeriod,
  };
}

async function blockTime(receipt: TransactionReceipt): Promise<number> {
  return Number((await w().clients.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp);
}

/** State shared by the flows below, in order. */
const flow: {
  p2pLoanId?: bigint;
  poolLoanId?: bigint;
  poolEventBlock?: bigint;
} = {};

describe("a signed offer: acceptOffer -> partial repayment -> repayment", () => {
  it("indexes the loan, its history, its offer hash and its notes", async () => {
    const { clients, chain, indexer } = w();
    const apes = chain.collections[0]?.address ?? zeroAddress;
    const principal = parseEther("2");
    await send(clients, lender, { ...wethToken, functionName: "deposit", value: parseEther("10") });
    await send(clients, lender, { ...wethToken, functionName: "approve", args: [loanCore.address, parseEther("10")] });
    await send(clients, borrower, {
      ...wethToken,
      functionName: "approve",
      args: [loanCore.address, parseEther("10")],
    });

    const head = await clients.publicClient.getBlock();
    const offer = {
      lender: lender.address,
      collateral: apes,
      scope: Scope.Token,
      tokenId: 7n,
      tokenSetRoot: zeroHash,
      collateralAmount: 0n,
      currency: weth.address,
      minPrincipal: parseEther("1"),
      maxPrincipal: principal,
      capacity: principal,
      aprBps: 1200,
      duration: 7 * DAY,
      gracePeriod: DAY,
      defaultMode: DefaultMode.Foreclose,
      expiry: head.timestamp + BigInt(DAY),
      nonce: 0n,
    } as const;
    const signature = await clients.walletClient(lender).signTypedData({
      domain: loanCoreDomain(31337, loanCore.address),
      types: loanOfferTypes,
      primaryType: "LoanOffer",
      message: offer,
    });
    const accepted = await send(clients, borrower, {
      ...core,
      functionName: "acceptOffer",
      args: [offer, signature, 7n, principal, [], borrower.address, zeroAddress],
    });
    const started = loanIn(accepted);
    flow.p2pLoanId = started.loanId;

    await clients.testClient.increaseTime({ seconds: DAY });
    const partial = await send(clients, borrower, {
      ...core,
      functionName: "repayPartial",
      args: [started.loanId, started.loan, parseEther("0.5")],
    });
    const updated = loanIn(partial);
    await clients.testClient.increaseTime({ seconds: DAY });
    const repaid = await send(clients, borrower, {
      ...core,
      functionName: "repay",
      args: [updated.loanId, updated.loan],
    });
    await waitForBlock(indexer, repaid.blockNumber);

    const offerHash = await clients.publicClient.readContract({ ...core, functionName: "hashOffer", args: [offer] });
    const [partialPaid, finalPaid] = [repaidIn(partial), repaidIn(repaid)];
    const { status, body } = await get<LoanResponse>(`/v1/loans/${started.loanId}`);
    expect(status).toBe(200);
    const expected: LoanView = {
      id: started.loanId.toString(),
      status: "repaid",
      source: "offer",
      sourceHash: offerHash,
      lender: lender.address,
      borrower: borrower.address,
      ...termsView(updated.loan),
      debt: null,
      interestPaid: (partialPaid.interest + finalPaid.interest).toString(),
      principalPaid: (partialPaid.principal + finalPaid.principal).toString(),
      createdAt: await blockTime(accepted),
      createdBlock: accepted.blockNumber.toString(),
      createdTransaction: accepted.transactionHash,
      updatedAt: await blockTime(repaid),
      closedAt: await blockTime(repaid),
      collateralTo: borrower.address,
    };
    expect(body.loan).toEqual(expected);
    expect(finalPaid.principal + partialPaid.principal).toBe(principal);

    expect(body.history.map((event) => [event.kind, event.status, event.transactionHash])).toEqual([
      ["started", "active", accepted.transactionHash],
      ["repaid", "active", partial.transactionHash],
      ["updated", "active", partial.transactionHash],
      ["repaid", "active", repaid.transactionHash],
      ["closed", "repaid", repaid.transactionHash],
    ]);
    expect(body.history[0]?.terms).toMatchObject({ principal: principal.toString(), aprBps: 1200 });
    expect(body.history[1]?.details).toEqual({
      payer: borrower.address.toLowerCase(),
      interest: partialPaid.interest.toString(),
      principal: partialPaid.principal.toString(),
      fee: partialPaid.fee.toString(),
    });
    expect(body.history[2]?.terms?.principal).toBe(updated.loan.principal.toString());
    expect(body.history[4]?.details).toEqual({ reason: 0, collateralTo: borrower.address.toLowerCase() });
  });

  it("filters by borrower, lender, collection and status, and pages with a cursor", async () => {
    const { chain } = w();
    const id = flow.p2pLoanId?.toString();
    const byLender = await get<LoansResponse>(`/v1/loans?lender=${lender.address.toLowerCase()}`);
    expect(byLender.body.loans.map((loan) => loan.id)).toEqual([id]);
    const repaidOfBorrower = await get<LoansResponse>(`/v1/loans?borrower=${borrower.address}&status=repaid`);
    expect(repaidOfBorrower.body.loans.map((loan) => loan.id)).toEqual([id]);
    const activeOfApes = await get<LoansResponse>(
      `/v1/loans?collection=${chain.collections[0]?.address}&status=active`,
    );
    expect(activeOfApes.body.loans.map((loan) => [loan.id, loan.source])).toEqual([["1", "pool"]]);

    const first = await get<LoansResponse>("/v1/loans?limit=1");
    expect(first.body.loans.map((loan) => loan.id)).toEqual([id]);
    expect(first.body.nextCursor).toBe(id);
    const second = await get<LoansResponse>(`/v1/loans?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.loans.map((loan) => loan.id)).toEqual(["1"]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe("a pool loan: borrow -> floor drop -> liquidation -> auction sale", () => {
  it("follows the floor oracle, the liquidation and the auction", async () => {
    const { clients, chain, indexer } = w();
    const apes = chain.collections[0]?.address ?? zeroAddress;
    const { publicClient, testClient } = clients;

    // The earlier flow moved time two days on: the floor is stale for borrowing until the feeders report again.
    const [lastFloor] = await publicClient.readContract({ ...oracle, functionName: "latestPrice", args: [apes] });
    for (const feeder of floorFeeders.slice(0, 3)) {
      await send(clients, feeder, { ...oracle, functionName: "submit", args: [apes, lastFloor] });
    }
    const principal = await publicClient.readContract({
      ...pool,
      functionName: "maxBorrow",
      args: [apes, 8n, 10_000n, []],
    });
    const aprBps = await publicClient.readContract({ ...pool, functionName: "quote", args: [principal] });
    const borrowed = await send(clients, borrower, {
      ...core,
      functionName: "borrowFrom",
      args: [
        lendingPool.address,
        {
          collateral: apes,
          tokenId: 8n,
          collateralAmount: 0n,
          currency: weth.address,
          principal,
          aprBps: Number(aprBps),
          duration: 30 * DAY,
          gracePeriod: 0,
          defaultMode: DefaultMode.Managed,
          delegate: zeroAddress,
        },
        "0x",
      ],
    });
    const { loanId, loan } = loanIn(borrowed);
    flow.poolLoanId = loanId;

    // Five accepted values each 10% lower (the oracle's per-update cap), 10 min apart (its spacing), then
    // 7 h so the 6 h TWAP the pool liquidates on is the lowest value.
    let [floor] = await publicClient.readContract({ ...oracle, functionName: "latestPrice", args: [apes] });
    for (let round = 0; round < 5; round++) {
      await testClient.increaseTime({ seconds: 601 });
      floor = (floor * 9n) / 10n;
      for (const feeder of floorFeeders.slice(0, 3)) {
        await send(clients, feeder, { ...oracle, functionName: "submit", args: [apes, floor] });
      }
    }
    await testClient.increaseTime({ seconds: 7 * 3600 });
    await testClient.mine({ blocks: 1 });
    const health = await publicClient.readContract({ ...pool, functionName: "healthFactor", args: [loanId, loan] });
    expect(health).toBeLessThan(10n ** 18n);

    const liquidated = await send(clients, user, { ...pool, functionName: "startLiquidation", args: [loanId, loan] });
    const [started] = parseEventLogs({ abi: lendingPoolAbi, logs: liquidated.logs, eventName: "LiquidationStarted" });
    if (!started) throw new Error("no LiquidationStarted");
    const auctionStruct = started.args.auction;
    await waitForBlock(indexer, liquidated.blockNumber);

    const at = auctionStruct.startTime + 3600;
    const live = await get<AuctionsResponse>(`/v1/auctions?status=live&at=${at}`);
    const onChainPrice = await publicClient.readContract({
      ...pool,
      functionName: "auctionPrice",
      args: [auctionStruct, BigInt(at)],
    });
    expect(live.body.asOf).toBe(at);
    expect(live.body.auctions).toEqual([
      {
        loanId: loanId.toString(),
        pool: lendingPool.address,
        status: "live",
        collection: apes,
        tokenId: "8",
        borrower: borrower.address,
        starter: user.address,
        debt: auctionStruct.debt.toString(),
        bookValue: auctionStruct.bookValue.toString(),
        principal: auctionStruct.principal.toString(),
        startPrice: auctionStruct.startPrice.toString(),
        floorPrice: auctionStruct.floorPrice.toString(),
        startTime: auctionStruct.startTime,
        duration: auctionStruct.duration,
        endsAt: auctionStruct.startTime + auctionStruct.duration,
        floorBps: auctionStruct.floorBps,
        penaltyBps: auctionStruct.penaltyBps,
        round: 0,
        healthFactor: started.args.healthFactor.toString(),
        currentPrice: onChainPrice.toString(),
        buyer: null,
        price: null,
        toPool: null,
        surplus: null,
        penalty: null,
        badDebt: "0",
        startedAt: auctionStruct.startTime,
        endedAt: null,
      },
    ]);

    await send(clients, user, { ...wethToken, functionName: "deposit", value: parseEther("20") });
    await send(clients, user, { ...wethToken, functionName: "approve", args: [lendingPool.address, parseEther("20")] });
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(at) });
    const bought = await send(clients, user, {
      ...pool,
      functionName: "buy",
      args: [loanId, auctionStruct, auctionStruct.startPrice, user.address],
    });
    const [sold] = parseEventLogs({ abi: lendingPoolAbi, logs: bought.logs, eventName: "AuctionSold" });
    if (!sold) throw new Error("no AuctionSold");
    expect(sold.args.price).toBe(onChainPrice);
    flow.poolEventBlock = bought.blockNumber;
    await waitForBlock(indexer, bought.blockNumber);

    expect((await get<AuctionsResponse>("/v1/auctions?status=live")).body.auctions).toEqual([]);
    const ended = await get<AuctionsResponse>("/v1/auctions?status=sold");
    expect(ended.body.auctions).toHaveLength(1);
    expect(ended.body.auctions[0]).toMatchObject({
      status: "sold",
      currentPrice: null,
      buyer: user.address,
      price: sold.args.price.toString(),
      toPool: sold.args.toPool.toString(),
      surplus: sold.args.surplus.toString(),
      endedAt: at,
    });

    const closed = await get<LoanResponse>(`/v1/loans/${loanId}`);
    expect(closed.body.loan).toMatchObject({
      status: "liquidated",
      source: "pool",
      lender: lendingPool.address,
      collateralTo: lendingPool.address,
      ...termsView(loan),
    });
    expect(closed.body.history.map((event) => event.kind)).toEqual(["started", "closed"]);

    const floorLogs = await publicClient.getContractEvents({
      ...oracle,
      eventName: "PriceUpdated",
      args: { collection: apes },
      fromBlock: 0n,
    });
    const history = await get<FloorHistoryResponse>(`/v1/collections/${apes}/floor?from=0&to=${at}`);
    const points = await Promise.all(
      floorLogs.map(async (log) => ({
        roundId: log.args.roundId?.toString(),
        price: log.args.price?.toString(),
        median: log.args.median?.toString(),
        twap: log.args.twap?.toString(),
        timestamp: Number((await publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp),
      })),
    );
    expect(points).toHaveLength(7);
    expect(history.body).toEqual({ collection: apes, points, nextCursor: null });
    const paged = await get<FloorHistoryResponse>(`/v1/collections/${apes}/floor?from=0&to=${at}&limit=4`);
    expect(paged.body.nextCursor).toBe("4");
    const rest = await get<FloorHistoryResponse>(`/v1/collections/${apes}/floor?from=0&to=${at}&cursor=4`);
    expect([...paged.body.points, ...rest.body.points]).toEqual(points);
  });

  it("reports the pool's totals as read at its last event's block", async () => {
    const { clients } = w();
    const blockNumber = flow.poolEventBlock;
    if (blockNumber === undefined) throw new Error("the pool flow did not run");
    const read = <const name extends "totals" | "utilization" | "borrowRate" | "supplyRate" | "totalAssets">(
      functionName: name,
    ) => clients.publicClient.readContract({ ...pool, functionName, blockNumber });
    const [totals, utilization, borrowRate, supplyRate, totalAssets, totalSupply, block] = await Promise.all([
      read("totals"),
      read("utilization"),
      read("borrowRate"),
      read("supplyRate"),
      read("totalAssets"),
      clients.publicClient.readContract({ ...pool, functionName: "totalSupply", blockNumber }),
      clients.publicClient.getBlock({ blockNumber }),
    ]);
    const expected = {
      address: lendingPool.address,
      asset: weth.address,
      cash: totals.cash.toString(),
      lent: totals.lent.toString(),
      interest: totals.interest.toString(),
      reserves: totals.reserves.toString(),
      claimable: totals.claimable.toString(),
      badDebt: totals.badDebt.toString(),
      totalAssets: totalAssets.toString(),
      totalSupply: totalSupply.toString(),
      utilizationBps: Number(utilization),
      borrowRateBps: Number(borrowRate),
      supplyRateBps: Number(supplyRate),
      deposits: 2,
      withdrawals: 0,
      loans: 2,
      liquidations: 1,
      updatedAt: Number(block.timestamp),
      updatedBlock: blockNumber.toString(),
    };
    expect((await get<PoolsResponse>("/v1/pools")).body).toEqual({ pools: [expected] });
    const detail = await get<PoolResponse>(`/v1/pools/${lendingPool.address.toLowerCase()}`);
    expect(detail.body).toEqual({ pool: { ...expected, activeLoans: 1, liveAuctions: 0 } });
  });

  it("sums each collection's loans, volumes, defaults and outstanding debt", async () => {
    const { clients, chain } = w();
    const [apes, punks] = chain.collections;
    if (!apes || !punks) throw new Error("the demo world has two collections");
    const seedLoan = await get<LoanResponse>("/v1/loans/1");
    const p2p = await get<LoanResponse>(`/v1/loans/${flow.p2pLoanId}`);
    const poolLoan = await get<LoanResponse>(`/v1/loans/${flow.poolLoanId}`);
    const lent = [seedLoan, p2p, poolLoan].reduce(
      (sum, { body }) => sum + BigInt(body.history[0]?.terms?.principal ?? 0),
      0n,
    );

    const at = Number((await clients.publicClient.getBlock()).timestamp);
    const { body } = await get<CollectionResponse>(`/v1/collections/${apes.address}?at=${at}`);
    const [floorPrice, floorTime, roundId] = await clients.publicClient.readContract({
      ...oracle,
      functionName: "latestPrice",
      args: [apes.address],
    });
    const debt = await clients.publicClient.readContract({
      ...core,
      functionName: "debtAt",
      args: [seedLoanStruct(seedLoan.body), BigInt(at)],
    });
    expect(body).toMatchObject({
      asOf: at,
      collection: {
        address: apes.address,
        loans: 3,
        activeLoans: 1,
        defaults: 1,
        floor: { roundId: roundId.toString(), price: floorPrice.toString(), updatedAt: Number(floorTime) },
        volumes: [
          { currency: weth.address, volumeLent: lent.toString(), outstandingPrincipal: seedLoan.body.loan.principal },
        ],
        outstandingDebt: [{ currency: weth.address, debt: debt[1].toString() }],
      },
    });

    const list = await get<CollectionsResponse>("/v1/collections?limit=1");
    expect(list.body.collections).toHaveLength(1);
    const next = await get<CollectionsResponse>(`/v1/collections?cursor=${list.body.nextCursor}`);
    const addresses = [...list.body.collections, ...next.body.collections].map((c) => c.address);
    expect(addresses.sort()).toEqual([apes.address, punks.address].sort());
    expect(next.body.nextCursor).toBeNull();
    const punksRow = [...list.body.collections, ...next.body.collections].find((c) => c.address === punks.address);
    expect(punksRow).toMatchObject({ loans: 0, activeLoans: 0, defaults: 0, volumes: [] });
  });
});

/** LoanCore's struct back from a LoanView (for `debtAt`). */
function seedLoanStruct(response: LoanResponse): Loan {
  const terms = response.history[0]?.terms;
  if (!terms) throw new Error("no terms");
  return {
    collateral: terms.collateral as Address,
    tokenId: BigInt(terms.tokenId ?? 0),
    collateralAmount: BigInt(terms.collateralAmount ?? 0),
    currency: terms.currency as Address,
    principal: BigInt(terms.principal ?? 0),
    carriedInterest: BigInt(terms.carriedInterest ?? 0),
    aprBps: Number(terms.aprBps),
    feeBps: Number(terms.feeBps),
    defaultMode: Number(terms.defaultMode),
    startTime: Number(terms.startTime),
    accrualStart: Number(terms.accrualStart),
    duration: Number(terms.duration),
    gracePeriod: Number(terms.gracePeriod),
    callTime: Number(terms.callTime),
    saleStart: Number(terms.saleStart),
    delegate: terms.delegate as Address,
  };
}

describe("bad requests", () => {
  it.each([
    ["/v1/loans?status=open", 400, "BAD_QUERY"],
    ["/v1/loans?borrower=0x123", 400, "BAD_QUERY"],
    ["/v1/loans?limit=0", 400, "BAD_QUERY"],
    ["/v1/loans?limit=201", 400, "BAD_QUERY"],
    ["/v1/loans?cursor=-1", 400, "BAD_QUERY"],
    ["/v1/loans/abc", 400, "BAD_QUERY"],
    ["/v1/loans/999", 404, "LOAN_NOT_FOUND"],
    ["/v1/pools/0x0000000000000000000000000000000000000001", 404, "POOL_NOT_FOUND"],
    ["/v1/pools/nope", 400, "BAD_QUERY"],
    ["/v1/auctions?status=dead", 400, "BAD_QUERY"],
    ["/v1/auctions?at=soon", 400, "BAD_QUERY"],
    ["/v1/collections?cursor=zz", 400, "BAD_QUERY"],
    ["/v1/collections/0x0000000000000000000000000000000000000001", 404, "COLLECTION_NOT_FOUND"],
    ["/v1/collections/0x0000000000000000000000000000000000000001/floor", 404, "COLLECTION_NOT_FOUND"],
    [`/v1/collections/${deployments[31337].weth.address}/floor?from=10&to=5`, 400, "BAD_QUERY"],
  ])("GET %s answers %i %s", async (route, status, code) => {
    const response = await get<ErrorBody>(route);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).not.toBe("");
  });
});
