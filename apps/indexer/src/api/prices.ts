import { db } from "ponder:api";
import { asset, priceRound } from "ponder:schema";
import { changePercent, DAY_SECONDS, toPriceRound } from "@hypotheca/sdk";
import { and, desc, eq, gt, lte, sql } from "ponder";
import { type Address, getAddress } from "viem";
import { UnknownSymbolError } from "./errors.ts";

/** One asset of `GET /v1/prices`. Prices are exact decimal strings; null fields mean "no round yet". */
export type AssetPrice = {
  symbol: string;
  name: string;
  feed: Address;
  decimals: number;
  roundId: string | null;
  price: string | null;
  /** 24 h change in percent (-3.9 = -3.90 %); null without a round at or before `asOf - 24 h`. */
  change24h: number | null;
  /** Unix seconds of the latest round. */
  updatedAt: number | null;
};
export type PricesResponse = { asOf: number; prices: AssetPrice[] };

export type PricePoint = { roundId: string; price: string; updatedAt: number };
export type PriceHistoryResponse = { symbol: string; name: string; decimals: number; points: PricePoint[] };

type LatestPriceRow = {
  symbol: string;
  name: string;
  feed: string;
  decimals: number;
  round_id: string | null;
  answer: string | null;
  updated_at: string | null;
  past_answer: string | null;
};

/**
 * Latest price and 24 h change of every listed asset, in registry order. One query: per asset, two
 * LIMIT 1 index lookups (latest round by the primary key, reference round by (feed, updated_at)).
 */
export async function getPrices(asOf: number): Promise<PricesResponse> {
  const since = asOf - DAY_SECONDS;
  // Numerics are read as text: the two drivers (pg, PGlite) would parse them differently.
  const result = await db.execute(sql`
    SELECT ${asset.symbol} AS symbol, ${asset.name} AS name, ${asset.feed} AS feed, ${asset.decimals} AS decimals,
           latest.round_id, latest.answer, latest.updated_at, past.answer AS past_answer
    FROM ${asset}
    LEFT JOIN LATERAL (
      SELECT ${priceRound.roundId}::text AS round_id, ${priceRound.answer}::text AS answer,
             ${priceRound.updatedAt}::text AS updated_at
      FROM ${priceRound}
      WHERE ${priceRound.feed} = ${asset.feed}
      ORDER BY ${priceRound.roundId} DESC
      LIMIT 1
    ) AS latest ON true
    LEFT JOIN LATERAL (
      SELECT ${priceRound.answer}::text AS answer
      FROM ${priceRound}
      WHERE ${priceRound.feed} = ${asset.feed} AND ${priceRound.updatedAt} <= ${since}
      ORDER BY ${priceRound.updatedAt} DESC, ${priceRound.roundId} DESC
      LIMIT 1
    ) AS past ON true
    WHERE NOT ${asset.delisted}
    ORDER BY ${asset.listingOrder}`);

  const prices = (result.rows as LatestPriceRow[]).map((row): AssetPrice => {
    const base = { symbol: row.symbol, name: row.name, feed: getAddress(row.feed), decimals: Number(row.decimals) };
    if (row.round_id === null || row.answer === null || row.updated_at === null) {
      return { ...base, roundId: null, price: null, change24h: null, updatedAt: null };
    }
    const latest = toPriceRound(BigInt(row.round_id), BigInt(row.answer), base.decimals, BigInt(row.updated_at));
    const change24h = row.past_answer === null ? undefined : changePercent(latest.answer, BigInt(row.past_answer));
    return {
      ...base,
      roundId: latest.roundId.toString(),
      price: latest.price,
      change24h: change24h ?? null,
      updatedAt: latest.updatedAt,
    };
  });
  return { asOf, prices };
}

export type PriceHistoryQuery = {
  /** Unix seconds; the reference point is the last round at or before it. */
  from: number;
  /** Unix seconds, inclusive. */
  to: number;
  /** At most this many points, the most recent ones. */
  limit: number;
};

/**
 * Rounds of a listed asset's feed, ascending: the last round at or before `from` (the reference a
 * change over the window is measured from), then every round in (`from`, `to`]. Symbol case-insensitive.
 */
export async function getPriceHistory(
  symbol: string,
  { from, to, limit }: PriceHistoryQuery,
): Promise<PriceHistoryResponse> {
  const listed = await findListedAsset(symbol);
  const columns = { roundId: priceRound.roundId, answer: priceRound.answer, updatedAt: priceRound.updatedAt };
  const newestFirst = [desc(priceRound.updatedAt), desc(priceRound.roundId)] as const;
  const [reference, window] = await Promise.all([
    db
      .select(columns)
      .from(priceRound)
      .where(and(eq(priceRound.feed, listed.feed), lte(priceRound.updatedAt, BigInt(from))))
      .orderBy(...newestFirst)
      .limit(1),
    db
      .select(columns)
      .from(priceRound)
      .where(
        and(
          eq(priceRound.feed, listed.feed),
          gt(priceRound.updatedAt, BigInt(from)),
          lte(priceRound.updatedAt, BigInt(to)),
        ),
      )
      .orderBy(...newestFirst)
      .limit(limit),
  ]);
  const rounds = [...window, ...reference].slice(0, limit).reverse();
  return {
    symbol: listed.symbol,
    name: listed.name,
    decimals: listed.decimals,
    points: rounds.map(({ roundId, answer, updatedAt }) => {
      const round = toPriceRound(roundId, answer, listed.decimals, updatedAt);
      return { roundId: round.roundId.toString(), price: round.price, updatedAt: round.updatedAt };
    }),
  };
}

/** The listed asset whose symbol matches case-insensitively, preferring an exact match. */
async function findListedAsset(symbol: string) {
  const [found] = await db
    .select({ symbol: asset.symbol, name: asset.name, feed: asset.feed, decimals: asset.decimals })
    .from(asset)
    .where(and(eq(asset.delisted, false), eq(sql`lower(${asset.symbol})`, symbol.toLowerCase())))
    .orderBy(desc(eq(asset.symbol, symbol)))
    .limit(1);
  if (!found) throw new UnknownSymbolError(symbol);
  return found;
}
