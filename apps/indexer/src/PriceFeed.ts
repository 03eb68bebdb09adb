import { ponder } from "ponder:registry";
import { priceRound } from "ponder:schema";

ponder.on("PriceFeed:AnswerUpdated", async ({ event, context }) => {
  await context.db.insert(priceRound).values({
    feed: event.log.address,
    roundId: event.args.roundId,
    answer: event.args.current,
    updatedAt: event.args.updatedAt,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
});
