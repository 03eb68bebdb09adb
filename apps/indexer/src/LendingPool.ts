import { type Context, type Event, ponder } from "ponder:registry";
import { auction, loan, pool, poolLoan } from "ponder:schema";
import { lendingPoolAbi } from "@hypotheca/sdk";
import type { Address } from "viem";

type PoolCounters = Partial<Record<"deposits" | "withdrawals" | "loans" | "liquidations", number>>;
type AuctionStruct = Extract<Event<"LendingPool:LiquidationStarted">["args"], object>["auction"];

/**
 * Re-reads the pool's totals and rates at the event's block (its events do not carry them, and interest
 * moves them every second) and adds `counters`. Reads of one block are served once by Ponder's cache.
 */
async function refreshPool(
  { event, context }: { event: Pick<Event, "block" | "log">; context: Context },
  counters: PoolCounters = {},
): Promise<void> {
  const address = event.log.address;
  const contract = { address, abi: lendingPoolAbi } as const;
  const [asset, totals, utilization, borrowRate, supplyRate, totalAssets, totalSupply, existing] = await Promise.all([
    context.client.readContract({ ...contract, functionName: "asset", cache: "immutable" }),
    context.client.readContract({ ...contract, functionName: "totals" }),
    context.client.readContract({ ...contract, functionName: "utilization" }),
    context.client.readContract({ ...contract, functionName: "borrowRate" }),
    context.client.readContract({ ...contract, functionName: "supplyRate" }),
    context.client.readContract({ ...contract, functionName: "totalAssets" }),
    context.client.readContract({ ...contract, functionName: "totalSupply" }),
    context.db.find(pool, { address }),
  ]);
  const state = {
    asset,
    cash: totals.cash,
    lent: totals.lent,
    interest: totals.interest,
    reserves: totals.reserves,
    claimable: totals.claimable,
    badDebt: totals.badDebt,
    totalAssets,
    totalSupply,
    utilizationBps: Number(utilization),
    borrowRateBps: Number(borrowRate),
    supplyRateBps: Number(supplyRate),
    updatedAt: event.block.timestamp,
    updatedBlock: event.block.number,
  };
  const count = (name: keyof PoolCounters) => (existing?.[name] ?? 0) + (counters[name] ?? 0);
  const tallies = {
    deposits: count("deposits"),
    withdrawals: count("withdrawals"),
    loans: count("loans"),
    liquidations: count("liquidations"),
  };
  await context.db
    .insert(pool)
    .values({ address, ...state, ...tallies })
    .onConflictDoUpdate({ ...state, ...tallies });
}

function auctionColumns(struct: AuctionStruct) {
  return {
    collection: struct.collection,
    tokenId: struct.tokenId,
    borrower: struct.borrower,
    starter: struct.starter,
    debt: struct.debt,
    bookValue: struct.bookValue,
    principal: struct.principal,
    startPrice: struct.startPrice,
    floorPrice: struct.floorPrice,
    startTime: BigInt(struct.startTime),
    duration: BigInt(struct.duration),
    floorBps: struct.floorBps,
    penaltyBps: struct.penaltyBps,
    round: struct.round,
  };
}

async function settlePoolLoan(context: Context, loanId: bigint): Promise<void> {
  if (await context.db.find(poolLoan, { loanId })) {
    await context.db.update(poolLoan, { loanId }).set({ status: "settled", principal: 0n, carriedInterest: 0n });
  }
}

for (const name of [
  "CollectionConfigured",
  "BorrowingDisabledSet",
  "ReserveFactorSet",
  "UntrackedPayment",
  "PaymentOwed",
  "Claimed",
  "ReservesCollected",
] as const) {
  ponder.on(`LendingPool:${name}`, async ({ event, context }) => refreshPool({ event, context }));
}

ponder.on("LendingPool:Deposit", async ({ event, context }) => refreshPool({ event, context }, { deposits: 1 }));
ponder.on("LendingPool:Withdraw", async ({ event, context }) => refreshPool({ event, context }, { withdrawals: 1 }));

/** Emitted after the core's LoanStarted in the same call, so the loan row holds its terms. */
ponder.on("LendingPool:LoanBooked", async ({ event, context }) => {
  const { loanId, version, premiumBps, value } = event.args;
  const terms = await context.db.find(loan, { id: loanId });
  if (!terms) throw new Error(`LoanBooked(${loanId}) in block ${event.block.number} without the core's LoanStarted`);
  await context.db.insert(poolLoan).values({
    loanId,
    pool: event.log.address as Address,
    collection: terms.collateral,
    tokenId: terms.tokenId,
    version,
    premiumBps,
    value,
    principal: terms.principal,
    carriedInterest: terms.carriedInterest,
    received: 0n,
    toReserves: 0n,
    status: "active",
    bookedAt: event.block.timestamp,
  });
  await refreshPool({ event, context }, { loans: 1 });
});

ponder.on("LendingPool:LoanPaymentBooked", async ({ event, context }) => {
  const { loanId, received, toReserves, principal, carriedInterest } = event.args;
  const record = await context.db.find(poolLoan, { loanId });
  if (record) {
    await context.db.update(poolLoan, { loanId }).set({
      principal,
      carriedInterest,
      received: record.received + received,
      toReserves: record.toReserves + toReserves,
      // Principal zero: repaid in full or refinanced away from the pool.
      status: principal === 0n ? "repaid" : record.status,
    });
  }
  await refreshPool({ event, context });
});

ponder.on("LendingPool:LiquidationStarted", async ({ event, context }) => {
  const { loanId, healthFactor, auction: struct } = event.args;
  await context.db.insert(auction).values({
    loanId,
    pool: event.log.address,
    ...auctionColumns(struct),
    healthFactor,
    status: "live",
    badDebt: 0n,
    startedAt: event.block.timestamp,
  });
  if (await context.db.find(poolLoan, { loanId })) {
    await context.db.update(poolLoan, { loanId }).set({ status: "liquidating" });
  }
  await refreshPool({ event, context }, { liquidations: 1 });
});

ponder.on("LendingPool:AuctionRestarted", async ({ event, context }) => {
  await context.db.update(auction, { loanId: event.args.loanId }).set(auctionColumns(event.args.auction));
  await refreshPool({ event, context });
});

ponder.on("LendingPool:AuctionSold", async ({ event, context }) => {
  const { loanId, buyer, price, toPool, surplus } = event.args;
  await context.db
    .update(auction, { loanId })
    .set({ status: "sold", buyer, price, toPool, surplus, endedAt: event.block.timestamp });
  await settlePoolLoan(context, loanId);
  await refreshPool({ event, context });
});

ponder.on("LendingPool:AuctionRedeemed", async ({ event, context }) => {
  const { loanId, payer, debt, penalty } = event.args;
  await context.db
    .update(auction, { loanId })
    .set({ status: "redeemed", buyer: payer, price: debt + penalty, penalty, endedAt: event.block.timestamp });
  await settlePoolLoan(context, loanId);
  await refreshPool({ event, context });
});

/** Emitted while settling, before AuctionSold or AuctionRedeemed. */
ponder.on("LendingPool:BadDebtWrittenOff", async ({ event, context }) => {
  const { loanId, amount } = event.args;
  if (await context.db.find(auction, { loanId })) {
    await context.db.update(auction, { loanId }).set((row) => ({ badDebt: row.badDebt + amount }));
  }
  await refreshPool({ event, context });
});
