import { type Address, BaseError, type Chain, type Client, ContractFunctionRevertedError, type Transport } from "viem";
import { getBlock, getCode, readContract } from "viem/actions";
import { type PriceRound, toPriceRound } from "../entities/price.ts";
import { FeedNotFoundError, InvalidPriceError, StalePriceError } from "../errors.ts";
import { aggregatorV3InterfaceAbi } from "../generated/abis.ts";

export type GetLatestPriceParameters = {
  /** An AggregatorV3Interface feed: ours on the devnet, Chainlink's on a live chain. */
  feed: Address;
  /** Reject answers older than this many seconds (against the latest block's timestamp). */
  maxAge?: number;
};
export type GetLatestPriceReturnType = PriceRound;
export type GetLatestPriceErrorType = FeedNotFoundError | StalePriceError | InvalidPriceError;

/**
 * Latest round of a feed, checked: the feed exists and has a round, the answer is positive, and (with
 * `maxAge`) it is fresh.
 * @example
 * const btc = await getLatestPrice(client, { feed: "0x...", maxAge: 3600 });
 * console.log(btc.price); // "104092.7082"
 */
export async function getLatestPrice<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  { feed, maxAge }: GetLatestPriceParameters,
): Promise<GetLatestPriceReturnType> {
  const [latest, decimals] = await readFeed(client, feed);
  const [roundId, answer, , updatedAt] = latest;
  if (answer <= 0n) throw new InvalidPriceError(feed, answer);
  if (maxAge !== undefined) {
    const now = Number((await getBlock(client, { blockTag: "latest" })).timestamp);
    if (now - Number(updatedAt) > maxAge) throw new StalePriceError(feed, Number(updatedAt), maxAge, now);
  }
  return toPriceRound(roundId, answer, decimals, updatedAt);
}

async function readFeed(client: Client, feed: Address) {
  try {
    return await Promise.all([
      readContract(client, { address: feed, abi: aggregatorV3InterfaceAbi, functionName: "latestRoundData" }),
      readContract(client, { address: feed, abi: aggregatorV3InterfaceAbi, functionName: "decimals" }),
    ]);
  } catch (error) {
    if (isRevert(error)) throw new FeedNotFoundError(feed, { cause: error });
    // A call to an address without code returns empty data, which fails decoding: say so plainly.
    const code = await getCode(client, { address: feed }).catch(() => undefined);
    if (code === undefined || code === "0x") {
      throw new FeedNotFoundError(feed, { details: "no contract at this address", cause: error });
    }
    throw error;
  }
}

export function isRevert(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError) !== null;
}
