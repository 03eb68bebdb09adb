import { ponder } from "ponder:registry";
import { collection, oraclePrice } from "ponder:schema";

/** Every accepted floor value; the collection row keeps the latest. */
ponder.on("FloorOracle:PriceUpdated", async ({ event, context }) => {
  const { collection: address, roundId, price, median, twap } = event.args;
  await context.db.insert(oraclePrice).values({
    collection: address,
    roundId,
    price,
    median,
    twap,
    timestamp: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
  const floor = { floorRoundId: roundId, floorPrice: price, floorTwap: twap, floorUpdatedAt: event.block.timestamp };
  await context.db
    .insert(collection)
    .values({ address, loans: 0, activeLoans: 0, defaults: 0, ...floor })
    .onConflictDoUpdate(floor);
});
