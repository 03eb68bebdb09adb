import { ponder } from "ponder:registry";
import { asset, registry } from "ponder:schema";
import { priceFeedAbi } from "@hypotheca/sdk";
import { eq } from "ponder";

/** Listing a new symbol appends it to the registry; re-listing a listed one replaces its name and feed in place. */
ponder.on("PriceFeedRegistry:AssetListed", async ({ event, context }) => {
  const { symbol, name, feed } = event.args;
  // Immutable per feed: `cache: "immutable"` makes Ponder read each once (at the latest block) and reuse it.
  const [decimals, description, listed] = await Promise.all([
    context.client.readContract({ address: feed, abi: priceFeedAbi, functionName: "decimals", cache: "immutable" }),
    context.client.readContract({ address: feed, abi: priceFeedAbi, functionName: "description", cache: "immutable" }),
    context.db.find(asset, { symbol }),
  ]);

  let listingOrder = listed?.listingOrder ?? null;
  if (listingOrder === null) {
    const state = await context.db.find(registry, { address: event.log.address });
    listingOrder = state?.assetCount ?? 0;
    await context.db
      .insert(registry)
      .values({ address: event.log.address, assetCount: listingOrder + 1 })
      .onConflictDoUpdate({ assetCount: listingOrder + 1 });
  }

  const row = {
    name,
    feed,
    decimals,
    description,
    listedAtBlock: event.block.number,
    listedAtTimestamp: event.block.timestamp,
    listingOrder,
    delisted: false,
  };
  await context.db
    .insert(asset)
    .values({ symbol, ...row })
    .onConflictDoUpdate(row);
});

/** Mirrors the registry's swap-and-pop: the last asset takes the delisted one's position. */
ponder.on("PriceFeedRegistry:AssetDelisted", async ({ event, context }) => {
  const { symbol } = event.args;
  const [removed, state] = await Promise.all([
    context.db.find(asset, { symbol }),
    context.db.find(registry, { address: event.log.address }),
  ]);
  if (removed?.listingOrder == null || !state) {
    throw new Error(
      `AssetDelisted(${symbol}) in block ${event.block.number} for an asset the indexer never saw listed: ` +
        "check the PriceFeedRegistry start block in the SDK deployments.",
    );
  }

  const lastOrder = state.assetCount - 1;
  if (removed.listingOrder !== lastOrder) {
    // Rare (only on delisting), so a query by position instead of keeping a position -> symbol table.
    const [moved] = await context.db.sql
      .select({ symbol: asset.symbol })
      .from(asset)
      .where(eq(asset.listingOrder, lastOrder))
      .limit(1);
    if (moved) await context.db.update(asset, { symbol: moved.symbol }).set({ listingOrder: removed.listingOrder });
  }
  await context.db.update(asset, { symbol }).set({ listingOrder: null, delisted: true });
  await context.db.update(registry, { address: event.log.address }).set({ assetCount: lastOrder });
});
