import { db } from "ponder:api";
import { auction } from "ponder:schema";
import { poolMath } from "@hypotheca/sdk";
import { Hono } from "hono";
import { and, desc, eq, lt } from "ponder";
import type { Address } from "viem";
import { checksum, nowSeconds, page, readAddress, readEnum, readInteger, readLimit, readUint } from "./params.ts";

const AUCTION_STATUSES = ["live", "sold", "redeemed"] as const;

type AuctionRow = typeof auction.$inferSelect;

export type AuctionView = {
  loanId: string;
  pool: Address;
  status: (typeof AUCTION_STATUSES)[number];
  collection: Address;
  tokenId: string;
  borrower: Address;
  starter: Address;
  debt: string;
  bookValue: string;
  principal: string;
  startPrice: string;
  floorPrice: string;
  startTime: number;
  duration: number;
  /** startTime + duration: the price stays at the floor after it, and anyone may restart. */
  endsAt: number;
  floorBps: number;
  penaltyBps: number;
  round: number;
  healthFactor: string;
  /** Live only: the price at `asOf`, the SDK's `poolMath.auctionPrice` (what `buy` charges then). */
  currentPrice: string | null;
  buyer: Address | null;
  price: string | null;
  toPool: string | null;
  surplus: string | null;
  penalty: string | null;
  badDebt: string;
  startedAt: number;
  endedAt: number | null;
};
export type AuctionsResponse = { asOf: number; auctions: AuctionView[]; nextCursor: string | null };

function toAuctionView(row: AuctionRow, asOf: number): AuctionView {
  const elapsed = BigInt(asOf) > row.startTime ? BigInt(asOf) - row.startTime : 0n;
  const optional = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    loanId: row.loanId.toString(),
    pool: checksum(row.pool),
    status: row.status,
    collection: checksum(row.collection),
    tokenId: row.tokenId.toString(),
    borrower: checksum(row.borrower),
    starter: checksum(row.starter),
    debt: row.debt.toString(),
    bookValue: row.bookValue.toString(),
    principal: row.principal.toString(),
    startPrice: row.startPrice.toString(),
    floorPrice: row.floorPrice.toString(),
    startTime: Number(row.startTime),
    duration: Number(row.duration),
    endsAt: Number(row.startTime + row.duration),
    floorBps: row.floorBps,
    penaltyBps: row.penaltyBps,
    round: row.round,
    healthFactor: row.healthFactor.toString(),
    currentPrice:
      row.status === "live"
        ? poolMath.auctionPrice(row.startPrice, row.floorPrice, elapsed, row.duration).toString()
        : null,
    buyer: row.buyer === null ? null : checksum(row.buyer),
    price: optional(row.price),
    toPool: optional(row.toPool),
    surplus: optional(row.surplus),
    penalty: optional(row.penalty),
    badDebt: row.badDebt.toString(),
    startedAt: Number(row.startedAt),
    endedAt: row.endedAt === null ? null : Number(row.endedAt),
  };
}

export const auctions = new Hono();

/** Newest loan first; `cursor` is the last loan id of the previous page; `at` (unix s) prices live auctions. */
auctions.get("/", async (c) => {
  const status = readEnum(c.req.query("status"), "status", AUCTION_STATUSES);
  const poolAddress = readAddress(c.req.query("pool"), "pool");
  const collection = readAddress(c.req.query("collection"), "collection");
  const cursor = readUint(c.req.query("cursor"), "cursor");
  const limit = readLimit(c.req.query("limit"));
  const asOf = readInteger(c.req.query("at"), "at") ?? nowSeconds();
  const filters = [];
  if (status) filters.push(eq(auction.status, status));
  if (poolAddress) filters.push(eq(auction.pool, poolAddress));
  if (collection) filters.push(eq(auction.collection, collection));
  if (cursor !== undefined) filters.push(lt(auction.loanId, cursor));
  const rows = await db
    .select()
    .from(auction)
    .where(and(...filters))
    .orderBy(desc(auction.loanId))
    .limit(limit + 1);
  const { items, nextCursor } = page(rows, limit, (row) => row.loanId.toString());
  return c.json<AuctionsResponse>({ asOf, auctions: items.map((row) => toAuctionView(row, asOf)), nextCursor });
});
