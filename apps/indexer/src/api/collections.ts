import { db } from "ponder:api";
import { collection, collectionVolume, oraclePrice } from "ponder:schema";
import { DAY_SECONDS, loanMath } from "@hypotheca/sdk";
import { Hono } from "hono";
import { and, asc, eq, gt, gte, inArray, lte } from "ponder";
import type { Address } from "viem";
import { BadQueryError } from "./errors.ts";
import { CollectionNotFoundError } from "./lendingErrors.ts";
import { openLoansOf } from "./loans.ts";
import { checksum, nowSeconds, page, readAddress, readInteger, readLimit, readUint } from "./params.ts";

type CollectionRow = typeof collection.$inferSelect;
type VolumeRow = typeof collectionVolume.$inferSelect;

export type FloorView = { roundId: string; price: string; twap: string; updatedAt: number } | null;
export type VolumeView = {
  currency: Address;
  /** Principal lent at origination and by every new lender (refinance, takeover). */
  volumeLent: string;
  outstandingPrincipal: string;
};
export type CollectionView = {
  address: Address;
  loans: number;
  activeLoans: number;
  defaults: number;
  /** Latest floor-oracle value (ETH, 18 decimals); null if the oracle never priced it. */
  floor: FloorView;
  volumes: VolumeView[];
};
export type CollectionDetailView = CollectionView & {
  /** Per currency: principal plus interest of its open loans at `asOf`. */
  outstandingDebt: { currency: Address; debt: string }[];
};
export type CollectionsResponse = { collections: CollectionView[]; nextCursor: string | null };
export type CollectionResponse = { asOf: number; collection: CollectionDetailView };
export type FloorPoint = { roundId: string; price: string; median: string; twap: string; timestamp: number };
export type FloorHistoryResponse = { collection: Address; points: FloorPoint[]; nextCursor: string | null };

function toCollectionView(row: CollectionRow, volumes: VolumeRow[]): CollectionView {
  return {
    address: checksum(row.address),
    loans: row.loans,
    activeLoans: row.activeLoans,
    defaults: row.defaults,
    floor:
      row.floorRoundId === null || row.floorPrice === null || row.floorTwap === null || row.floorUpdatedAt === null
        ? null
        : {
            roundId: row.floorRoundId.toString(),
            price: row.floorPrice.toString(),
            twap: row.floorTwap.toString(),
            updatedAt: Number(row.floorUpdatedAt),
          },
    volumes: volumes
      .filter((volume) => volume.collection === row.address)
      .map((volume) => ({
        currency: checksum(volume.currency),
        volumeLent: volume.volumeLent.toString(),
        outstandingPrincipal: volume.outstandingPrincipal.toString(),
      })),
  };
}

export const collections = new Hono();

/** By address; `cursor` is the last address of the previous page. */
collections.get("/", async (c) => {
  const cursor = readAddress(c.req.query("cursor"), "cursor");
  const limit = readLimit(c.req.query("limit"));
  const rows = await db
    .select()
    .from(collection)
    .where(cursor ? gt(collection.address, cursor) : undefined)
    .orderBy(asc(collection.address))
    .limit(limit + 1);
  const { items, nextCursor } = page(rows, limit, (row) => checksum(row.address));
  const volumes = items.length
    ? await db
        .select()
        .from(collectionVolume)
        .where(
          inArray(
            collectionVolume.collection,
            items.map((row) => row.address),
          ),
        )
        .orderBy(asc(collectionVolume.currency))
    : [];
  return c.json<CollectionsResponse>({
    collections: items.map((row) => toCollectionView(row, volumes)),
    nextCursor,
  });
});

collections.get("/:address", async (c) => {
  const address = readAddress(c.req.param("address"), "address") ?? "0x";
  const asOf = readInteger(c.req.query("at"), "at") ?? nowSeconds();
  const [[row], volumes, open] = await Promise.all([
    db.select().from(collection).where(eq(collection.address, address)).limit(1),
    db
      .select()
      .from(collectionVolume)
      .where(eq(collectionVolume.collection, address))
      .orderBy(asc(collectionVolume.currency)),
    openLoansOf(address),
  ]);
  if (!row) throw new CollectionNotFoundError(c.req.param("address"));
  const debts = new Map<Address, bigint>();
  for (const loan of open) {
    const at = BigInt(asOf) > loan.accrualStart ? BigInt(asOf) : loan.accrualStart;
    const { debt } = loanMath.debtAt({ ...loan, accrualStart: Number(loan.accrualStart) }, at);
    debts.set(loan.currency, (debts.get(loan.currency) ?? 0n) + debt);
  }
  const outstandingDebt = [...debts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, debt]) => ({ currency: checksum(currency), debt: debt.toString() }));
  return c.json<CollectionResponse>({ asOf, collection: { ...toCollectionView(row, volumes), outstandingDebt } });
});

/**
 * Floor-oracle rounds with `from` <= time <= `to` (default: the last 24 h), ascending; `cursor` is the last
 * round id of the previous page.
 */
collections.get("/:address/floor", async (c) => {
  const address = readAddress(c.req.param("address"), "address") ?? "0x";
  const to = readInteger(c.req.query("to"), "to") ?? nowSeconds();
  const from = readInteger(c.req.query("from"), "from") ?? Math.max(0, to - DAY_SECONDS);
  if (from > to) throw new BadQueryError(`\`from\` (${from}) must not be after \`to\` (${to}).`);
  const cursor = readUint(c.req.query("cursor"), "cursor");
  const limit = readLimit(c.req.query("limit"));
  const [known] = await db
    .select({ address: collection.address })
    .from(collection)
    .where(eq(collection.address, address))
    .limit(1);
  if (!known) throw new CollectionNotFoundError(c.req.param("address"));
  const rows = await db
    .select()
    .from(oraclePrice)
    .where(
      and(
        eq(oraclePrice.collection, address),
        gte(oraclePrice.timestamp, BigInt(from)),
        lte(oraclePrice.timestamp, BigInt(to)),
        cursor === undefined ? undefined : gt(oraclePrice.roundId, cursor),
      ),
    )
    .orderBy(asc(oraclePrice.roundId))
    .limit(limit + 1);
  const { items, nextCursor } = page(rows, limit, (row) => row.roundId.toString());
  return c.json<FloorHistoryResponse>({
    collection: checksum(address),
    points: items.map((row) => ({
      roundId: row.roundId.toString(),
      price: row.price.toString(),
      median: row.median.toString(),
      twap: row.twap.toString(),
      timestamp: Number(row.timestamp),
    })),
    nextCursor,
  });
});
