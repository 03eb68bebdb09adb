import { db } from "ponder:api";
import { auction, pool, poolLoan } from "ponder:schema";
import { Hono } from "hono";
import { and, asc, count, eq } from "ponder";
import type { Address } from "viem";
import { PoolNotFoundError } from "./lendingErrors.ts";
import { checksum, readAddress } from "./params.ts";

type PoolRow = typeof pool.$inferSelect;

/** A pool's state as of its last event (`updatedAt`); amounts in its asset's units, decimal strings. */
export type PoolView = {
  address: Address;
  asset: Address;
  cash: string;
  lent: string;
  interest: string;
  reserves: string;
  claimable: string;
  badDebt: string;
  totalAssets: string;
  totalSupply: string;
  utilizationBps: number;
  borrowRateBps: number;
  supplyRateBps: number;
  deposits: number;
  withdrawals: number;
  loans: number;
  liquidations: number;
  updatedAt: number;
  updatedBlock: string;
};
export type PoolDetailView = PoolView & { activeLoans: number; liveAuctions: number };

export type PoolsResponse = { pools: PoolView[] };
export type PoolResponse = { pool: PoolDetailView };

function toPoolView(row: PoolRow): PoolView {
  return {
    address: checksum(row.address),
    asset: checksum(row.asset),
    cash: row.cash.toString(),
    lent: row.lent.toString(),
    interest: row.interest.toString(),
    reserves: row.reserves.toString(),
    claimable: row.claimable.toString(),
    badDebt: row.badDebt.toString(),
    totalAssets: row.totalAssets.toString(),
    totalSupply: row.totalSupply.toString(),
    utilizationBps: row.utilizationBps,
    borrowRateBps: row.borrowRateBps,
    supplyRateBps: row.supplyRateBps,
    deposits: row.deposits,
    withdrawals: row.withdrawals,
    loans: row.loans,
    liquidations: row.liquidations,
    updatedAt: Number(row.updatedAt),
    updatedBlock: row.updatedBlock.toString(),
  };
}

export const pools = new Hono();

/** Every indexed pool (a handful per chain: no pagination). */
pools.get("/", async (c) => {
  const rows = await db.select().from(pool).orderBy(asc(pool.address));
  return c.json<PoolsResponse>({ pools: rows.map(toPoolView) });
});

pools.get("/:address", async (c) => {
  const address = readAddress(c.req.param("address"), "address") ?? "0x";
  const [row] = await db.select().from(pool).where(eq(pool.address, address)).limit(1);
  if (!row) throw new PoolNotFoundError(c.req.param("address"));
  const [[active], [live]] = await Promise.all([
    db
      .select({ n: count() })
      .from(poolLoan)
      .where(and(eq(poolLoan.pool, address), eq(poolLoan.status, "active"))),
    db
      .select({ n: count() })
      .from(auction)
      .where(and(eq(auction.pool, address), eq(auction.status, "live"))),
  ]);
  return c.json<PoolResponse>({
    pool: { ...toPoolView(row), activeLoans: Number(active?.n ?? 0), liveAuctions: Number(live?.n ?? 0) },
  });
});
