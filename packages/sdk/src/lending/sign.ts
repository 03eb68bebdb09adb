/**
 * The loan core's signed messages: builders (safe defaults, shape validation), hashes (identical to
 * LoanCore's `hashOffer` / `hashRequest` / `hashRenegotiation`) and signers (viem accounts and wallets).
 */
import {
  type AbiParameterToPrimitiveType,
  type Account,
  type Address,
  type Chain,
  type Client,
  encodeAbiParameters,
  type Hash,
  type Hex,
  hashTypedData,
  isAddress,
  keccak256,
  type Transport,
  zeroAddress,
  zeroHash,
} from "viem";
import { getChainId, signTypedData } from "viem/actions";
import { parseAccount } from "viem/utils";
import { AccountNotFoundError, InvalidInputError } from "../actionErrors.ts";
import { getDeployment } from "../deployments.ts";
import { loanCoreAbi } from "../generated/abis.ts";
import { DefaultMode, type Loan, type LoanOffer, Scope } from "./loan.ts";
import { borrowRequestTypes, loanCoreDomain, loanOfferTypes, renegotiationTypes } from "./typedData.ts";

type CoreFunction<name extends string> = Extract<(typeof loanCoreAbi)[number], { type: "function"; name: name }>;

/** A borrower's signed request (ILoanTypes.BorrowRequest). */
export type BorrowRequest = AbiParameterToPrimitiveType<CoreFunction<"fillRequest">["inputs"][0]>;
/** Lender-signed new terms for one state of one loan (ILoanTypes.Renegotiation). */
export type Renegotiation = AbiParameterToPrimitiveType<CoreFunction<"renegotiate">["inputs"][2]>;
/** What a pool (contract lender) is asked to approve in `borrowFrom` (ILoanTypes.LoanTerms). */
export type LoanTerms = AbiParameterToPrimitiveType<CoreFunction<"borrowFrom">["inputs"][1]>;

/** Where a signature is valid: one LoanCore on one chain. */
export type SigningDomain = { chainId: number; loanCore: Address };

const UINT32_MAX = 2n ** 32n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const UINT256_MAX = 2n ** 256n - 1n;
const DAY = 86_400;
/** A week: long enough to be taken, short enough that a forgotten offer lapses. */
export const DEFAULT_EXPIRY_SECONDS = 7 * DAY;
/** A day of grace after a fixed-term due date before the lender may act. */
export const DEFAULT_GRACE_PERIOD = DAY;
/** LoanCore's APR cap (LoanDefaults.maxAprBps). */
const MAX_APR_BPS = 100_000;

const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

function checkAddress(field: string, value: string, allowZero = false) {
  if (!isAddress(value, { strict: false })) throw new InvalidInputError(field, `${value} is not an address`);
  if (!allowZero && value.toLowerCase() === zeroAddress) throw new InvalidInputError(field, "must not be zero");
}
function checkUint(field: string, value: bigint | number, max: bigint) {
  const v = BigInt(value);
  if (v < 0n || v > max) throw new InvalidInputError(field, `${value} is outside [0, ${max}]`);
}
function checkApr(field: string, aprBps: number) {
  if (!Number.isInteger(aprBps) || aprBps < 0 || aprBps > MAX_APR_BPS) {
    throw new InvalidInputError(field, `${aprBps} bps is outside [0, ${MAX_APR_BPS}] (LoanCore's APR cap)`);
  }
}
function checkExpiry(expiry: bigint, now: bigint) {
  checkUint("expiry", expiry, UINT64_MAX);
  if (expiry <= now) throw new InvalidInputError("expiry", `${expiry} is not in the future (now ${now})`);
}
function checkDuration(duration: number, gracePeriod: number) {
  checkUint("duration", duration, UINT32_MAX);
  checkUint("gracePeriod", gracePeriod, UINT32_MAX);
  if (!Number.isInteger(duration) || !Number.isInteger(gracePeriod)) {
    throw new InvalidInputError("duration", "duration and gracePeriod are whole seconds");
  }
}
function checkDefaultMode(mode: number) {
  // Managed loans come only from contract lenders through borrowFrom.
  if (mode !== DefaultMode.Foreclose && mode !== DefaultMode.Auction) {
    throw new InvalidInputError("defaultMode", `${mode} is not Foreclose (0) or Auction (1)`);
  }
}

export type BuildLoanOfferParameters = {
  lender: Address;
  collateral: Address;
  currency: Address;
  /** Fixed principal; or give `minPrincipal` and `maxPrincipal` for a range. */
  principal?: bigint;
  minPrincipal?: bigint;
  maxPrincipal?: bigint;
  /** Total principal across loans from this offer. Default: `maxPrincipal` (one loan). */
  capacity?: bigint;
  aprBps: number;
  /** Seconds; 0 = open-term. */
  duration: number;
  /** Default: one day for fixed-term loans, 0 for open-term (which never use it). */
  gracePeriod?: number;
  /** Default: Foreclose. */
  defaultMode?: number;
  /** Scope.Token when `tokenId` is given, Scope.TokenSet with `tokenSetRoot`, else Scope.Collection. */
  scope?: number;
  tokenId?: bigint;
  tokenSetRoot?: Hex;
  /** 0 for ERC-721 (default); the ERC-1155 amount per loan. */
  collateralAmount?: bigint;
  /** Unix seconds. Default: a week from `now`. */
  expiry?: bigint;
  /** Default 0; createLoanOffer uses the lender's current minimum nonce. */
  nonce?: bigint;
  /** Reference time (unix seconds) for the default expiry and the check; default: the wall clock. */
  now?: bigint;
};

/**
 * A lender offer with safe defaults, checked for shape (addresses, integer ranges, principal range within
 * capacity, scope fields, expiry in the future). Throws InvalidInputError naming the field.
 * @example
 * const offer = buildLoanOffer({ lender, collateral, currency: weth, principal: parseEther("1"), aprBps: 1200, duration: 30 * 86400 });
 */
export function buildLoanOffer(parameters: BuildLoanOfferParameters): LoanOffer {
  const now = parameters.now ?? nowSeconds();
  const maxPrincipal = parameters.maxPrincipal ?? parameters.principal;
  const minPrincipal = parameters.minPrincipal ?? parameters.principal ?? maxPrincipal;
  if (maxPrincipal === undefined || minPrincipal === undefined) {
    throw new InvalidInputError("principal", "give `principal` or `minPrincipal` and `maxPrincipal`");
  }
  const scope =
    parameters.scope ??
    (parameters.tokenId !== undefined
      ? Scope.Token
      : parameters.tokenSetRoot !== undefined
        ? Scope.TokenSet
        : Scope.Collection);
  const duration = parameters.duration;
  const offer: LoanOffer = {
    lender: parameters.lender,
    collateral: parameters.collateral,
    scope,
    tokenId: parameters.tokenId ?? 0n,
    tokenSetRoot: parameters.tokenSetRoot ?? zeroHash,
    collateralAmount: parameters.collateralAmount ?? 0n,
    currency: parameters.currency,
    minPrincipal,
    maxPrincipal,
    capacity: parameters.capacity ?? maxPrincipal,
    aprBps: parameters.aprBps,
    duration,
    gracePeriod: parameters.gracePeriod ?? (duration === 0 ? 0 : DEFAULT_GRACE_PERIOD),
    defaultMode: parameters.defaultMode ?? DefaultMode.Foreclose,
    expiry: parameters.expiry ?? now + BigInt(DEFAULT_EXPIRY_SECONDS),
    nonce: parameters.nonce ?? 0n,
  };
  validateLoanOfferShape(offer, now);
  return offer;
}

/** The shape checks of buildLoanOffer, for offers from elsewhere. */
export function validateLoanOfferShape(offer: LoanOffer, now: bigint = nowSeconds()): void {
  checkAddress("lender", offer.lender);
  checkAddress("collateral", offer.collateral);
  checkAddress("currency", offer.currency);
  if (offer.scope !== Scope.Token && offer.scope !== Scope.Collection && offer.scope !== Scope.TokenSet) {
    throw new InvalidInputError("scope", `${offer.scope} is not Token (0), Collection (1) or TokenSet (2)`);
  }
  if (offer.scope === Scope.TokenSet && offer.tokenSetRoot === zeroHash) {
    throw new InvalidInputError("tokenSetRoot", "a TokenSet offer needs the Merkle root of its token ids");
  }
  for (const field of ["tokenId", "collateralAmount", "minPrincipal", "maxPrincipal", "capacity", "nonce"] as const) {
    checkUint(field, offer[field], UINT256_MAX);
  }
  if (offer.maxPrincipal === 0n) throw new InvalidInputError("maxPrincipal", "must be positive");
  if (offer.minPrincipal > offer.maxPrincipal) {
    throw new InvalidInputError("minPrincipal", `${offer.minPrincipal} is above maxPrincipal ${offer.maxPrincipal}`);
  }
  if (offer.maxPrincipal > offer.capacity) {
    throw new InvalidInputError("capacity", `${offer.capacity} is below maxPrincipal ${offer.maxPrincipal}`);
  }
  checkApr("aprBps", offer.aprBps);
  checkDuration(offer.duration, offer.gracePeriod);
  checkDefaultMode(offer.defaultMode);
  checkExpiry(offer.expiry, now);
}

export type BuildBorrowRequestParameters = {
  borrower: Address;
  collateral: Address;
  tokenId: bigint;
  currency: Address;
  /** The least principal the borrower accepts; the lender may lend more. */
  minPrincipal: bigint;
  maxAprBps: number;
  duration: number;
  gracePeriod?: number;
  defaultMode?: number;
  collateralAmount?: bigint;
  /** delegate.cash delegate set at origination (default: none). */
  delegate?: Address;
  expiry?: bigint;
  nonce?: bigint;
  now?: bigint;
};

/**
 * A borrower's request with safe defaults, checked for shape. Throws InvalidInputError.
 * @example
 * const request = buildBorrowRequest({ borrower, collateral, tokenId: 7n, currency: weth, minPrincipal: parseEther("1"), maxAprBps: 1500, duration: 14 * 86400 });
 */
export function buildBorrowRequest(parameters: BuildBorrowRequestParameters): BorrowRequest {
  const now = parameters.now ?? nowSeconds();
  const request: BorrowRequest = {
    borrower: parameters.borrower,
    collateral: parameters.collateral,
    tokenId: parameters.tokenId,
    collateralAmount: parameters.collateralAmount ?? 0n,
    currency: parameters.currency,
    minPrincipal: parameters.minPrincipal,
    maxAprBps: parameters.maxAprBps,
    duration: parameters.duration,
    gracePeriod: parameters.gracePeriod ?? (parameters.duration === 0 ? 0 : DEFAULT_GRACE_PERIOD),
    defaultMode: parameters.defaultMode ?? DefaultMode.Foreclose,
    delegate: parameters.delegate ?? zeroAddress,
    expiry: parameters.expiry ?? now + BigInt(DEFAULT_EXPIRY_SECONDS),
    nonce: parameters.nonce ?? 0n,
  };
  checkAddress("borrower", request.borrower);
  checkAddress("collateral", request.collateral);
  checkAddress("currency", request.currency);
  checkAddress("delegate", request.delegate, true);
  for (const field of ["tokenId", "collateralAmount", "minPrincipal", "nonce"] as const) {
    checkUint(field, request[field], UINT256_MAX);
  }
  if (request.minPrincipal === 0n) throw new InvalidInputError("minPrincipal", "must be positive");
  checkApr("maxAprBps", request.maxAprBps);
  checkDuration(request.duration, request.gracePeriod);
  checkDefaultMode(request.defaultMode);
  checkExpiry(request.expiry, now);
  return request;
}

export type BuildRenegotiationParameters = {
  loanId: bigint;
  /** The loan's current state: the terms bind to its hash, so they apply to this state only. */
  loan: Loan;
  aprBps: number;
  /** New duration counted from the loan's start (0 keeps an open-term loan open-term). Default: unchanged. */
  duration?: number;
  gracePeriod?: number;
  expiry?: bigint;
  nonce?: bigint;
  now?: bigint;
};

/**
 * New terms for a live loan, bound to its current state. Throws InvalidInputError.
 * @example
 * const terms = buildRenegotiation({ loanId, loan, aprBps: 800 });
 */
export function buildRenegotiation(parameters: BuildRenegotiationParameters): Renegotiation {
  const now = parameters.now ?? nowSeconds();
  const { loan } = parameters;
  const terms: Renegotiation = {
    loanId: parameters.loanId,
    loanHash: hashLoan(loan),
    aprBps: parameters.aprBps,
    duration: parameters.duration ?? loan.duration,
    gracePeriod: parameters.gracePeriod ?? loan.gracePeriod,
    expiry: parameters.expiry ?? now + BigInt(DAY),
    nonce: parameters.nonce ?? 0n,
  };
  checkUint("loanId", terms.loanId, UINT256_MAX);
  checkApr("aprBps", terms.aprBps);
  checkDuration(terms.duration, terms.gracePeriod);
  if (loan.duration === 0 && terms.duration !== 0 && BigInt(loan.startTime) + BigInt(terms.duration) <= now) {
    throw new InvalidInputError("duration", "the new due date (startTime + duration) is already past");
  }
  checkExpiry(terms.expiry, now);
  return terms;
}

const loanParameter = (
  loanCoreAbi.find((item) => item.type === "event" && item.name === "LoanStarted") as Extract<
    (typeof loanCoreAbi)[number],
    { type: "event"; name: "LoanStarted" }
  >
).inputs[3];

/** The loan's stored hash (`LoanCore.loanHash`): keccak256(abi.encode(loan)). */
export function hashLoan(loan: Loan): Hash {
  return keccak256(encodeAbiParameters([loanParameter], [loan]));
}

/** EIP-712 digest of an offer, as LoanCore.hashOffer computes it (also the key of `offerUsed`). */
export function hashLoanOffer(offer: LoanOffer, domain: SigningDomain): Hash {
  return hashTypedData({
    domain: loanCoreDomain(domain.chainId, domain.loanCore),
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message: offer,
  });
}

/** EIP-712 digest of a borrow request, as LoanCore.hashRequest computes it. */
export function hashBorrowRequest(request: BorrowRequest, domain: SigningDomain): Hash {
  return hashTypedData({
    domain: loanCoreDomain(domain.chainId, domain.loanCore),
    types: borrowRequestTypes,
    primaryType: "BorrowRequest",
    message: request,
  });
}

/** EIP-712 digest of renegotiated terms, as LoanCore.hashRenegotiation computes it. */
export function hashRenegotiation(terms: Renegotiation, domain: SigningDomain): Hash {
  return hashTypedData({
    domain: loanCoreDomain(domain.chainId, domain.loanCore),
    types: renegotiationTypes,
    primaryType: "Renegotiation",
    message: terms,
  });
}

type SignParameters = {
  /** Signer; defaults to the client's account. */
  account?: Account | Address;
  /** Defaults to the deployment on the client's chain. */
  loanCore?: Address;
};

async function signingContext(client: Client<Transport, Chain | undefined, Account | undefined>, p: SignParameters) {
  const account = p.account ?? client.account;
  if (!account) throw new AccountNotFoundError();
  const chainId = client.chain?.id ?? (await getChainId(client));
  const loanCore = p.loanCore ?? getDeployment(chainId).loanCore.address;
  return { account, domain: loanCoreDomain(chainId, loanCore), signer: parseAccount(account).address };
}

/**
 * Signs an offer as its lender (EIP-712; a local account signs in process, a JSON-RPC account asks its
 * wallet).
 * @example
 * const signature = await signLoanOffer(walletClient, { offer });
 */
export async function signLoanOffer(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SignParameters & { offer: LoanOffer },
): Promise<Hex> {
  const { account, domain, signer } = await signingContext(client, parameters);
  if (signer.toLowerCase() !== parameters.offer.lender.toLowerCase()) {
    throw new InvalidInputError("account", `${signer} is not the offer's lender ${parameters.offer.lender}`);
  }
  return signTypedData(client, {
    account,
    domain,
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message: parameters.offer,
  });
}

/** Signs a borrow request as its borrower. */
export async function signBorrowRequest(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SignParameters & { request: BorrowRequest },
): Promise<Hex> {
  const { account, domain, signer } = await signingContext(client, parameters);
  if (signer.toLowerCase() !== parameters.request.borrower.toLowerCase()) {
    throw new InvalidInputError("account", `${signer} is not the request's borrower ${parameters.request.borrower}`);
  }
  return signTypedData(client, {
    account,
    domain,
    types: borrowRequestTypes,
    primaryType: "BorrowRequest",
    message: parameters.request,
  });
}

/** Signs renegotiated terms; the signer must be the loan's lender-note holder when they are applied. */
export async function signRenegotiation(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SignParameters & { terms: Renegotiation },
): Promise<Hex> {
  const { account, domain } = await signingContext(client, parameters);
  return signTypedData(client, {
    account,
    domain,
    types: renegotiationTypes,
    primaryType: "Renegotiation",
    message: parameters.terms,
  });
}
