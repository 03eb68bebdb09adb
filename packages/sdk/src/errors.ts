/**
 * One error root for the SDK (viem's BaseError pattern): a short message saying what to do, optional
 * details, and the cause chain. Each failure has its own class so callers can branch on `instanceof`.
 */
export class HypothecaError extends Error {
  override name = "HypothecaError";
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** The feed has no code, no round yet, or its read reverted. */
export class FeedNotFoundError extends HypothecaError {
  override name = "FeedNotFoundError";
  constructor(
    readonly feed: `0x${string}`,
    options: { details?: string; cause?: unknown } = {},
  ) {
    super(`No price at feed ${feed}: check the address and the chain, or wait for its first round.`, options);
  }
}

/** The requested round does not exist on the feed. */
export class RoundNotFoundError extends HypothecaError {
  override name = "RoundNotFoundError";
  constructor(
    readonly feed: `0x${string}`,
    readonly roundId: bigint,
    options: { cause?: unknown } = {},
  ) {
    super(`Feed ${feed} has no round ${roundId}.`, options);
  }
}

/** The latest answer is older than the caller's staleness limit. */
export class StalePriceError extends HypothecaError {
  override name = "StalePriceError";
  constructor(
    readonly feed: `0x${string}`,
    readonly updatedAt: number,
    readonly maxAge: number,
    readonly now: number,
  ) {
    super(
      `Price of feed ${feed} is stale: updated ${now - updatedAt} s ago, limit ${maxAge} s. Do not act on it until the feed updates.`,
    );
  }
}

/** The answer is zero or negative: never a usable asset price. */
export class InvalidPriceError extends HypothecaError {
  override name = "InvalidPriceError";
  constructor(
    readonly feed: `0x${string}`,
    readonly answer: bigint,
  ) {
    super(`Feed ${feed} answered ${answer}, which is not a usable price.`);
  }
}

/** No asset with this symbol in the registry or config. */
export class UnknownAssetError extends HypothecaError {
  override name = "UnknownAssetError";
  constructor(readonly symbol: string) {
    super(`No asset "${symbol}" is listed. List it in the PriceFeedRegistry or the feeds config.`);
  }
}

/** The SDK has no deployment for this chain. */
export class UnknownChainError extends HypothecaError {
  override name = "UnknownChainError";
  constructor(readonly chainId: number) {
    super(`Hypotheca is not deployed on chain ${chainId}: pass contract addresses explicitly.`);
  }
}

export type PriceFeedError = FeedNotFoundError | StalePriceError | InvalidPriceError;
