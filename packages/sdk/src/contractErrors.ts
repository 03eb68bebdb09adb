import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type DecodeErrorResultReturnType,
  decodeErrorResult,
  formatEther,
  type Hex,
  hexToString,
  parseAbi,
  RawContractError,
  toFunctionSelector,
} from "viem";
import { HypothecaError } from "./errors.ts";
import {
  delegateRegistryAbi,
  demoCollectionAbi,
  demoItemsAbi,
  demoStablecoinAbi,
  floorFeedAbi,
  floorOracleAbi,
  lendingPoolAbi,
  loanCoreAbi,
  priceFeedAbi,
  priceFeedRegistryAbi,
  wethAbi,
  wethGatewayAbi,
} from "./generated/abis.ts";

/**
 * Errors raised in assembly by libraries the contracts link (so absent from the compiler's ABI) and the
 * standard token errors a collateral or currency may raise: solady SafeTransferLib / SafeCastLib /
 * ReentrancyGuard, and OpenZeppelin's ERC-20/721/1155 errors (ERC-6093).
 */
const libraryErrorAbi = parseAbi([
  "error TransferFromFailed()",
  "error TransferFailed()",
  "error ApproveFailed()",
  "error ETHTransferFailed()",
  "error Overflow()",
  "error Reentrancy()",
  "error NotDelegated()",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC721NonexistentToken(uint256 tokenId)",
  "error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)",
  "error ERC721InsufficientApproval(address operator, uint256 tokenId)",
  "error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)",
  "error ERC1155MissingApprovalForAll(address operator, address owner)",
]);

/** Every contract whose errors can surface from a Hypotheca call, by the name shown to users. */
const errorSources = {
  LoanCore: loanCoreAbi,
  LendingPool: lendingPoolAbi,
  FloorOracle: floorOracleAbi,
  FloorFeed: floorFeedAbi,
  WethGateway: wethGatewayAbi,
  PriceFeed: priceFeedAbi,
  PriceFeedRegistry: priceFeedRegistryAbi,
  DelegateRegistry: delegateRegistryAbi,
  WETH: wethAbi,
  DemoStablecoin: demoStablecoinAbi,
  DemoCollection: demoCollectionAbi,
  DemoItems: demoItemsAbi,
  Library: libraryErrorAbi,
} as const;

export type HypothecaContractName = Exclude<keyof typeof errorSources, "Library">;

type ErrorItem<abi extends readonly unknown[]> = Extract<abi[number], { type: "error" }>;
type AllErrorItems = {
  [name in keyof typeof errorSources]: ErrorItem<(typeof errorSources)[name]>;
}[keyof typeof errorSources];

function errorSelector(item: { name: string; inputs: readonly { type: string }[] }): Hex {
  return toFunctionSelector(`${item.name}(${item.inputs.map((input) => input.type).join(",")})`);
}

function isErrorItem(item: { type: string }): item is AllErrorItems {
  return item.type === "error";
}

const selectorSources = new Map<Hex, HypothecaContractName[]>();
const combined: AllErrorItems[] = [];
for (const [source, abi] of Object.entries(errorSources) as [
  keyof typeof errorSources,
  readonly { type: string }[],
][]) {
  for (const item of abi) {
    if (!isErrorItem(item)) continue;
    // Tuple-free errors only in these ABIs: the canonical signature is name(type,...).
    const selector = errorSelector(item);
    const sources = selectorSources.get(selector);
    if (sources === undefined) {
      combined.push(item);
      selectorSources.set(selector, source === "Library" ? [] : [source]);
    } else if (source !== "Library" && !sources.includes(source)) {
      sources.push(source);
    }
  }
}

/**
 * Every custom error of the protocol's contracts, the tokens they move and the libraries they link, one
 * entry per selector: decode any revert data against it.
 */
export const hypothecaErrorAbi: readonly AllErrorItems[] = combined;

/** A decoded protocol error: its name and typed arguments (a union keyed by `errorName`). */
export type HypothecaErrorResult =
  DecodeErrorResultReturnType<readonly AllErrorItems[]> extends infer result
    ? result extends unknown
      ? Omit<result, "abiItem">
      : never
    : never;
export type HypothecaErrorName = HypothecaErrorResult["errorName"];
type ArgsOf<name extends HypothecaErrorName> = Extract<HypothecaErrorResult, { errorName: name }>["args"];

/** Contracts that declare the error with this selector (e.g. ["LoanCore", "LendingPool"] for `Unauthorized`). */
export function errorDeclaredBy(selector: Hex): readonly HypothecaContractName[] {
  return selectorSources.get(selector.toLowerCase() as Hex) ?? [];
}

/**
 * A call to a Hypotheca contract reverted with one of the protocol's custom errors (or a token's or
 * library's). `errorName` and `args` are decoded; `shortMessage` says what happened in words. The
 * error may come from a contract the called one calls: the floor oracle's `StalePrice` surfaces through
 * `LoanCore.borrowFrom` -> pool, so `declaredBy` lists where the error is declared, `contract` what was
 * called.
 */
export class ContractRevertedError extends HypothecaError {
  override name = "ContractRevertedError";
  readonly errorName: HypothecaErrorName;
  readonly args: HypothecaErrorResult["args"];
  /** The decoded error, for narrowing: `if (e.error.errorName === "OfferExpired") e.error.args[0]`. */
  readonly error: HypothecaErrorResult;
  /** The contract that was called. */
  readonly contract: Address | undefined;
  readonly functionName: string | undefined;
  /** Contracts declaring this error. */
  readonly declaredBy: readonly HypothecaContractName[];
  /** The raw revert data. */
  readonly data: Hex;

  constructor(
    error: HypothecaErrorResult,
    options: { data: Hex; contract?: Address; functionName?: string; cause?: unknown },
  ) {
    const signature = `${error.errorName}(${(error.args ?? []).map(formatArg).join(", ")})`;
    super(describeError(error), {
      details: `${signature}${options.functionName ? ` in ${options.functionName}` : ""}${options.contract ? ` on ${options.contract}` : ""}`,
      cause: options.cause,
    });
    this.error = error;
    this.errorName = error.errorName;
    this.args = error.args;
    this.contract = options.contract;
    this.functionName = options.functionName;
    this.declaredBy = errorDeclaredBy(options.data.slice(0, 10) as Hex);
    this.data = options.data;
  }

  /** Narrows to one error: `if (e.is("OfferExpired")) e.args[0]` is the expiry. */
  is<name extends HypothecaErrorName>(
    errorName: name,
  ): this is ContractRevertedError & { errorName: name; args: ArgsOf<name> } {
    return this.errorName === errorName;
  }
}

/** Decodes revert data against every protocol error; undefined when it is no known custom error. */
export function decodeHypothecaError(data: Hex): HypothecaErrorResult | undefined {
  if (data.length < 10) return undefined;
  try {
    const { errorName, args } = decodeErrorResult({ abi: hypothecaErrorAbi, data });
    return { errorName, args } as HypothecaErrorResult;
  } catch {
    return undefined;
  }
}

/** The revert data carried anywhere in a viem error's cause chain. */
export function findRevertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let found: Hex | undefined;
  error.walk((e) => {
    if (e instanceof ContractFunctionRevertedError && e.raw) found = e.raw;
    else if (e instanceof RawContractError) {
      const data = typeof e.data === "object" ? e.data.data : e.data;
      if (data) found = data;
    } else if (
      typeof (e as { data?: unknown }).data === "string" &&
      /^0x[0-9a-fA-F]{8}/.test((e as { data: string }).data)
    ) {
      // RPC errors (e.g. eth_estimateGas) carry the revert data as a hex string.
      found = (e as { data: Hex }).data;
    }
    return found !== undefined;
  });
  return found;
}

/**
 * `error` as a ContractRevertedError when it carries a protocol error, otherwise unchanged: wrap every
 * simulation or write in it.
 * @example
 * try { await simulateContract(client, call) } catch (e) { throw toContractRevertedError(e, { contract }) }
 */
export function toContractRevertedError(
  error: unknown,
  context: { contract?: Address; functionName?: string } = {},
): unknown {
  if (error instanceof ContractRevertedError) return error;
  const data = findRevertData(error);
  const decoded = data ? decodeHypothecaError(data) : undefined;
  if (!data || !decoded) return error;
  return new ContractRevertedError(decoded, { data, ...context, cause: error });
}

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

const time = (seconds: bigint | number) => new Date(Number(seconds) * 1000).toISOString();
const amount = (wei: bigint) => `${wei} (${formatEther(wei)} at 18 decimals)`;
const bps = (value: bigint | number) => `${Number(value) / 100}%`;
// bytes32 names ("minNonce") are right-padded with zeros: `size` trims them.
const ascii = (name: Hex) => hexToString(name, { size: 32 });
const defaultModes = ["Foreclose", "Auction", "Managed"];

/** One sentence per error, saying what happened and, where it helps, what to do. */
const messages: { [name in HypothecaErrorName]?: (args: ArgsOf<name>) => string } = {
  // Loan core
  Unauthorized: ([caller]) => `${caller} is not allowed to do this (wrong note holder, lender or role).`,
  OriginationsPaused: () => "New loans are paused by the guardian; repayments and claims still work.",
  CurrencyNotAllowed: ([currency]) => `Currency ${currency} is not allowed for new loans.`,
  FeeTooHigh: ([fee, max]) => `Fee ${bps(fee)} is above the maximum ${bps(max)}.`,
  InvalidParameter: ([name, value]) => `Invalid parameter "${ascii(name)}": ${value}.`,
  InvalidSignature: ([signer]) =>
    `The signature is not ${signer}'s for these terms on this chain and LoanCore: sign them again.`,
  OfferExpired: ([expiry, now]) => `The offer expired at ${time(expiry)} (block time ${time(now)}).`,
  OfferNotActive: ([hash]) => `Offer ${hash} was cancelled.`,
  NonceCancelled: ([account, nonce, min]) =>
    `Nonce ${nonce} of ${account} was cancelled (nonces below ${min} are void): sign with a newer nonce.`,
  RequestAlreadyUsed: ([hash]) => `Borrow request ${hash} was already filled.`,
  CapacityExceeded: ([, used, principal, capacity]) =>
    `The offer has ${used >= capacity ? 0n : capacity - used} of its capacity ${capacity} left, less than ${principal}.`,
  PrincipalOutOfRange: ([principal, min, max]) => `Principal ${principal} is outside the range [${min}, ${max}].`,
  AprTooHigh: ([apr, max]) => `APR ${bps(apr)} is above the limit ${bps(max)}.`,
  TokenNotInScope: ([collateral, tokenId]) => `Token ${tokenId} of ${collateral} is not covered by the offer.`,
  CollateralMismatch: ([expected, expectedId, collateral, tokenId]) =>
    `Collateral ${collateral} #${tokenId} does not match the loan's ${expected} #${expectedId}.`,
  CurrencyMismatch: ([expected, currency]) => `Currency ${currency} does not match the loan's ${expected}.`,
  CollateralNotReceived: ([collateral, tokenId]) =>
    `Collateral ${collateral} #${tokenId} was not received: check ownership and approval.`,
  LoanNotFound: ([loanId]) => `Loan ${loanId} does not exist or is closed.`,
  LoanHashMismatch: ([loanId]) =>
    `The loan struct passed for loan ${loanId} is not its current state: fetch the newest one (getLoan) and retry.`,
  NotOpenTerm: ([loanId]) => `Loan ${loanId} is fixed-term; this applies to open-term loans only.`,
  NotFixedTerm: ([loanId]) => `Loan ${loanId} is open-term; this applies to fixed-term loans only.`,
  LoanNotCallable: ([loanId, at]) => `Loan ${loanId} can be called from ${time(at)}.`,
  LoanAlreadyCalled: ([loanId]) => `Loan ${loanId} was already called.`,
  LoanNotCalled: ([loanId]) => `Loan ${loanId} was not called.`,
  RefinancingAuctionOver: ([loanId, at]) => `The refinancing auction of loan ${loanId} ended at ${time(at)}.`,
  RefinancingAuctionNotOver: ([loanId, at]) => `The refinancing auction of loan ${loanId} runs until ${time(at)}.`,
  NotDefaulted: ([loanId, at]) => `Loan ${loanId} is not in default before ${time(at)}.`,
  WrongDefaultMode: ([loanId, mode]) =>
    `Loan ${loanId} defaults by ${defaultModes[Number(mode)] ?? mode}, which does not allow this.`,
  SaleAlreadyStarted: ([loanId]) => `The default sale of loan ${loanId} already started.`,
  SaleNotStarted: ([loanId]) => `The default sale of loan ${loanId} has not started.`,
  SaleOver: ([loanId, at]) => `The default sale of loan ${loanId} ended at ${time(at)}.`,
  SaleNotOver: ([loanId, at]) => `The default sale of loan ${loanId} runs until ${time(at)}.`,
  PriceAboveLimit: ([price, max]) => `The price ${amount(price)} is above your limit ${amount(max)}.`,
  HoldingPeriodActive: ([loanId, at]) => `Loan ${loanId} cannot be taken over before ${time(at)}.`,
  TermsNotBetter: ([loanId]) =>
    `The terms are not strictly better for the borrower of loan ${loanId} (APR at least 10% lower, due date and grace not earlier).`,
  RepaymentTooLarge: ([paid, debt]) => `Payment ${paid} exceeds the debt ${debt}: repay in full instead.`,
  ZeroAmount: () => "The amount is zero.",
  LenderRejected: ([lender]) => `Lender contract ${lender} rejected the loan.`,
  PaymentFailed: ([currency, from, value]) =>
    `Could not collect ${value} of ${currency} from ${from}: check its balance and its allowance to LoanCore.`,
  NothingToClaim: (args) => `Nothing to claim for ${args[0]}.`,
  NoCollateralClaim: ([claimId]) => `No collateral is booked for you under ${claimId}.`,
  DelegationFailed: ([delegate]) => `Delegating to ${delegate} failed.`,
  InvalidRecipient: ([recipient]) => `${recipient} cannot receive this.`,
  // Lending pool
  InvalidTerms: ([name, value]) => `The pool does not accept ${ascii(name)} = ${value}.`,
  CollectionNotListed: ([collection]) => `Collection ${collection} is not listed.`,
  BorrowingDisabled: ([collection]) => `Borrowing against ${collection} is disabled.`,
  PrincipalAboveLimit: ([principal, max]) =>
    `Principal ${amount(principal)} is above the pool's limit for this NFT, ${amount(max)}.`,
  ExposureCapExceeded: ([collection, exposure, principal, cap]) =>
    `Lending ${principal} more against ${collection} would exceed its cap ${cap} (now ${exposure}).`,
  InsufficientLiquidity: ([requested, available]) =>
    `The pool has ${amount(available)} available, less than ${amount(requested)}.`,
  AprBelowQuote: ([apr, quote]) => `APR ${bps(apr)} is below the pool's quote ${bps(quote)}: use the current quote.`,
  QuoteUnavailable: ([feed]) => `The pool's quote feed ${feed} has no usable price.`,
  StaleQuote: ([feed, updatedAt, maxAge]) =>
    `The pool's quote feed ${feed} is stale (updated ${time(updatedAt)}, limit ${maxAge} s): borrowing waits for an update.`,
  LoanNotManaged: ([loanId]) => `Loan ${loanId} is not a live loan of this pool.`,
  LoanHealthy: ([loanId, hf, dueAt]) =>
    `Loan ${loanId} is healthy (health factor ${formatEther(hf)}) and not overdue before ${time(dueAt)}: it cannot be liquidated.`,
  AuctionNotFound: ([loanId]) => `No live auction for loan ${loanId}.`,
  AuctionHashMismatch: ([loanId]) =>
    `The auction struct passed for loan ${loanId} is not its current state: fetch the newest one and retry.`,
  AuctionNotOver: ([loanId, at]) => `The auction of loan ${loanId} runs until ${time(at)}.`,
  DepositMoreThanMax: () => "The deposit exceeds the pool's maximum.",
  WithdrawMoreThanMax: () => "The withdrawal exceeds what you can withdraw now.",
  RedeemMoreThanMax: () => "The redemption exceeds what you can redeem now.",
  // Floor oracle and feeds
  NotFeeder: ([collection, account]) => `${account} is not a feeder of ${collection}.`,
  TooManyFeeders: ([collection, max]) => `${collection} already has the maximum of ${max} feeders.`,
  ZeroPrice: () => "A price of zero was reported.",
  NoPrice: ([collection]) => `The oracle has no price for ${collection} yet.`,
  StalePrice: ([collection, updatedAt, maxStaleness]) =>
    `The floor price of ${collection} is stale (updated ${time(updatedAt)}, limit ${maxStaleness} s): borrowing waits for the feeders.`,
  PricePaused: ([collection]) =>
    `The floor price of ${collection} is paused by the guardian: no new borrowing against it.`,
  RoundNotFound: (args) => `Round ${args.length === 2 ? args[1] : args[0]} does not exist.`,
  InvalidPremium: ([collection, tokenId, multiplier]) =>
    `The premium ${bps(multiplier)} of ${collection} #${tokenId} does not hold under the active root.`,
  // WETH gateway
  NotWethCurrency: ([currency]) => `Currency ${currency} is not WETH: use LoanCore directly.`,
  EthTransferFailed: ([to, value]) => `Sending ${amount(value)} ETH to ${to} failed.`,
  InsufficientEth: ([value, needed]) => `${amount(value)} wei sent, ${amount(needed)} needed.`,
  NotBorrower: ([caller, holder]) => `${caller} is not the borrower-note holder ${holder}.`,
  // Tokens and libraries
  InsufficientAllowance: () => "The token allowance is too low: approve first.",
  InsufficientBalance: () => "The token balance is too low.",
  TransferFromFailed: () => "A token transfer from your account failed: check balance and allowance.",
  TransferFailed: () => "A token transfer failed.",
  NotOwnerNorApproved: () => "The caller neither owns nor is approved for the token.",
  TransferFromIncorrectOwner: () => "The token is not owned by the sender.",
  TokenDoesNotExist: () => "The token does not exist.",
  ReentrancyGuardReentrantCall: () => "Re-entrant call rejected.",
};

function describeError(error: HypothecaErrorResult): string {
  const describe = messages[error.errorName] as ((args: unknown) => string) | undefined;
  if (describe) return describe(error.args ?? []);
  return `The contract reverted with ${error.errorName}(${(error.args ?? []).map(formatArg).join(", ")}).`;
}
