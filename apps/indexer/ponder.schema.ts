import { index, onchainTable, primaryKey } from "ponder";

/** Assets of the PriceFeedRegistry, one row per symbol ever listed. */
export const asset = onchainTable(
  "asset",
  (t) => ({
    /** Exactly as listed (the registry's symbols are case-sensitive), e.g. "BTC". */
    symbol: t.text().primaryKey(),
    name: t.text().notNull(),
    /** The AggregatorV3 feed currently listed for the symbol. */
    feed: t.hex().notNull(),
    /** The feed's `decimals()`. */
    decimals: t.integer().notNull(),
    /** The feed's `description()`, e.g. "BTC / USD". */
    description: t.text().notNull(),
    /** Block and unix time of the latest AssetListed for this symbol (first listing or replacement). */
    listedAtBlock: t.bigint().notNull(),
    listedAtTimestamp: t.bigint().notNull(),
    /**
     * Position in the registry's `getAssets()` (0-based), mirrored through its swap-and-pop delisting;
     * null while delisted.
     */
    listingOrder: t.integer(),
    delisted: t.boolean().notNull(),
  }),
  (table) => ({ listingOrderIndex: index().on(table.listingOrder) }),
);

/** Per registry: how many assets are listed, the next listing's position. */
export const registry = onchainTable("registry", (t) => ({
  address: t.hex().primaryKey(),
  assetCount: t.integer().notNull(),
}));

/** Every AnswerUpdated of every listed feed. */
export const priceRound = onchainTable(
  "price_round",
  (t) => ({
    feed: t.hex().notNull(),
    roundId: t.bigint().notNull(),
    /** Raw answer with the feed's decimals. */
    answer: t.bigint().notNull(),
    /** Unix seconds, as the feed reports it. */
    updatedAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.feed, table.roundId] }),
    // The last round at or before a time (the 24 h reference) and time-range history, both ordered by
    // (updatedAt, roundId): roundId breaks ties between rounds of one block without a sort step.
    feedUpdatedAtIndex: index().on(table.feed, table.updatedAt, table.roundId),
  }),
);
