import type { Address, Chain, Client, Transport } from "viem";
import { getBlock, getChainId, readContract } from "viem/actions";
import { findDeployment } from "../deployments.ts";
import { changePercent, type PriceRound, toPriceRound } from "../entities/price.ts";
import { FeedNotFoundError, InvalidPriceError, type PriceFeedError, StalePriceError } from "../errors.ts";
import { tickerLensAbi } from "../generated/abis.ts";
import { tickerLensBytecode } from "../generated/bytecode.ts";
import type { FeedConfig } from "./getAssets.ts";

export const DAY_SECONDS = 86_400;

export type GetTickerParameters = {
  /** Assets to quote (e.g. Chainlink feeds on a live chain). Defaults to the chain's PriceFeedRegistry. */
  assets?: readonly FeedConfig[];
  /** Registry to read when `assets` is not given; defaults to the chain's deployment. */
  registry?: Address;
  /** Reference time in unix seconds; defaults to the latest block's timestamp. */
  at?: number;
  /** Answers older than this (seconds before `at`) carry a StalePriceError. Default: one day. */
  maxAge?: number;
};

export type TickerEntry = FeedConfig & {
  /** Latest round; undefined when the feed is missing or has no round. */
  latest: PriceRound | undefined;
  /** Last round at or before `at - 24 h`; undefined when the feed's history does not reach back that far. */
  past: PriceRound | undefined;
  /** 24 h change in percent (-3.9 = -3.90%), undefined without `past`. */
  change24h: number | undefined;
  /** Why the price should not be trusted, if it should not. */
  error: PriceFeedError | undefined;
};
export type GetTickerReturnType = TickerEntry[];

/**
 * The market ticker: latest price and 24 h change of every asset, in one eth_call through TickerLens
 * (deployed on our chains, run deployless from its bytecode elsewhere).
 * @example
 * const ticker = await getTicker(client);
 * for (const t of ticker) console.log(t.symbol, t.latest?.price, t.change24h);
 */
export async function getTicker<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  { assets, registry, at, maxAge = DAY_SECONDS }: GetTickerParameters = {},
): Promise<GetTickerReturnType> {
  const chainId = client.chain?.id ?? (await getChainId(client));
  const deployment = findDeployment(chainId);
  const now = at ?? Number((await getBlock(client, { blockTag: "latest" })).timestamp);
  const since = BigInt(Math.max(0, now - DAY_SECONDS));
  const lens = deployment
    ? ({ address: deployment.tickerLens.address } as const)
    : ({ code: tickerLensBytecode } as const);

  let rows: { config: FeedConfig; quote: LensQuote }[];
  if (assets) {
    const quotes = await readContract(client, {
      ...lens,
      abi: tickerLensAbi,
      functionName: "quoteFeeds",
      args: [assets.map((a) => a.feed), since],
    });
    rows = assets.map((config, i) => ({ config, quote: quotes[i] as LensQuote }));
  } else {
    const registryAddress = registry ?? deployment?.priceFeedRegistry.address;
    if (!registryAddress)
      throw new FeedNotFoundError("0x0000000000000000000000000000000000000000", {
        details: `no PriceFeedRegistry on chain ${chainId}: pass \`assets\` or \`registry\``,
      });
    const quotes = await readContract(client, {
      ...lens,
      abi: tickerLensAbi,
      functionName: "quoteRegistry",
      args: [registryAddress, since],
    });
    rows = quotes.map(({ symbol, name, quote }) => ({ config: { symbol, name, feed: quote.feed }, quote }));
  }
  return rows.map(({ config, quote }) => toEntry(config, quote, now, maxAge));
}

type LensQuote = {
  feed: Address;
  hasData: boolean;
  decimals: number;
  roundId: bigint;
  answer: bigint;
  updatedAt: bigint;
  pastRoundId: bigint;
  pastAnswer: bigint;
  pastUpdatedAt: bigint;
};

function toEntry(config: FeedConfig, quote: LensQuote, now: number, maxAge: number): TickerEntry {
  if (!quote.hasData) {
    return {
      ...config,
      latest: undefined,
      past: undefined,
      change24h: undefined,
      error: new FeedNotFoundError(config.feed),
    };
  }
  const latest = toPriceRound(quote.roundId, quote.answer, quote.decimals, quote.updatedAt);
  const past =
    quote.pastRoundId === 0n
      ? undefined
      : toPriceRound(quote.pastRoundId, quote.pastAnswer, quote.decimals, quote.pastUpdatedAt);
  let error: PriceFeedError | undefined;
  if (latest.answer <= 0n) error = new InvalidPriceError(config.feed, latest.answer);
  else if (now - latest.updatedAt > maxAge) error = new StalePriceError(config.feed, latest.updatedAt, maxAge, now);
  return { ...config, latest, past, change24h: past ? changePercent(latest.answer, past.answer) : undefined, error };
}
