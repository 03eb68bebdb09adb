import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";
import { type PriceRound, toPriceRound } from "../entities/price.ts";
import { RoundNotFoundError } from "../errors.ts";
import { aggregatorV3InterfaceAbi } from "../generated/abis.ts";
import { isRevert } from "./getLatestPrice.ts";

export type GetRoundPriceParameters = { feed: Address; roundId: bigint };
export type GetRoundPriceReturnType = PriceRound;
export type GetRoundPriceErrorType = RoundNotFoundError;

/**
 * One historical round of a feed (Chainlink round ids: `phaseId << 64 | aggregatorRoundId`).
 * @example
 * const round = await getRoundPrice(client, { feed, roundId: 1n });
 */
export async function getRoundPrice<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  { feed, roundId }: GetRoundPriceParameters,
): Promise<GetRoundPriceReturnType> {
  try {
    const [[id, answer, , updatedAt], decimals] = await Promise.all([
      readContract(client, {
        address: feed,
        abi: aggregatorV3InterfaceAbi,
        functionName: "getRoundData",
        args: [roundId],
      }),
      readContract(client, { address: feed, abi: aggregatorV3InterfaceAbi, functionName: "decimals" }),
    ]);
    // Chainlink's older aggregators return zeros instead of reverting for a missing round.
    if (updatedAt === 0n) throw new RoundNotFoundError(feed, roundId);
    return toPriceRound(id, answer, decimals, updatedAt);
  } catch (error) {
    if (isRevert(error)) throw new RoundNotFoundError(feed, roundId, { cause: error });
    throw error;
  }
}
