import {
  type AbiParameterToPrimitiveType,
  type Address,
  type Chain,
  type Client,
  type ContractFunctionParameters,
  concat,
  erc20Abi,
  erc721Abi,
  erc1155Abi,
  type Hash,
  type Hex,
  hashTypedData,
  isAddressEqual,
  type MulticallResults,
  maxUint256,
  pad,
  recoverAddress,
  size,
  sliceHex,
  type Transport,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { call, getBlock, getChainId, multicall } from "viem/actions";
import { getDeployment } from "../deployments.ts";
import { HypothecaError } from "../errors.ts";
import { loanCoreAbi } from "../generated/abis.ts";
import { DefaultMode, type LoanOffer, Scope } from "./loan.ts";
import { borrowRequestTypes, loanCoreDomain, loanOfferTypes } from "./typedData.ts";

/** A borrower's signed request as passed to LoanCore (ILoanTypes.BorrowRequest). */
export type BorrowRequest = AbiParameterToPrimitiveType<
  Extract<(typeof loanCoreAbi)[number], { type: "function"; name: "fillRequest" }>["inputs"][0]
>;

/**
 * Why an offer or request cannot be used now. Codes are stable (programs branch on them); messages are
 * for people and may change.
 */
export type OfferProblemCode =
  /** Not signed by the lender / borrower for this chain and LoanCore (ECDSA or ERC-1271). */
  | "BAD_SIGNATURE"
  /** The latest block is at or past `expiry`: no later block can accept it. */
  | "EXPIRED"
  /** The lender cancelled the offer (`offerUsed` is max uint). */
  | "CANCELLED"
  /** `nonce` is below the signer's `minNonce` (cancelNoncesBelow). */
  | "NONCE_CANCELLED"
  /** What is left of `capacity` is below `minPrincipal` (or below the asked principal). */
  | "CAPACITY_EXHAUSTED"
  /** The lender holds less of the currency than `minPrincipal` (or the asked principal). */
  | "INSUFFICIENT_BALANCE"
  /** The lender's allowance to LoanCore is below `minPrincipal` (or the asked principal). */
  | "INSUFFICIENT_ALLOWANCE"
  | "CURRENCY_NOT_ALLOWED"
  /** The guardian paused new lending. */
  | "ORIGINATIONS_PAUSED"
  /** Terms LoanCore always rejects (see `field`). */
  | "INVALID_TERMS"
  /** The asked principal is outside [minPrincipal, maxPrincipal]. */
  | "PRINCIPAL_OUT_OF_RANGE"
  /** Request: the borrower does not hold the collateral. */
  | "NOT_OWNER"
  /** Request: the borrower has not approved LoanCore to move the collateral. */
  | "NOT_APPROVED"
  /** Request: already filled (LoanCore marks it as used with max uint). */
  | "REQUEST_USED";

export type OfferProblem = { code: OfferProblemCode; message: string; field?: string };

/** Chain state an offer's usability depends on, at one block. */
export type LoanOfferState = {
  /** `offerUsed(offerHash)`: principal lent so far, max uint once cancelled. */
  used: bigint;
  minNonce: bigint;
  currencyAllowed: boolean;
  paused: boolean;
  /** LoanCore's APR ceiling (`loanParameters().maxAprBps`). */
  maxAprBps: number;
  /** The lender's balance of the currency and its allowance to LoanCore. */
  balance: bigint;
  allowance: bigint;
  /** Timestamp of the block the state was read at. */
  timestamp: bigint;
};

export type LoanOfferEvaluation = {
  problems: OfferProblem[];
  /** `capacity - used` (0 once cancelled or over-used). */
  remainingCapacity: bigint;
  /**
   * The most a borrower can get from this offer now: min(maxPrincipal, remaining capacity, lender
   * balance, allowance); 0 when that is below `minPrincipal`.
   */
  fundablePrincipal: bigint;
};

/** Block the validation read its state at. */
export type ValidationBlock = { number: bigint; hash: Hash; timestamp: bigint };

export type ValidateLoanOfferParameters = {
  offer: LoanOffer;
  signature: Hex;
  /** Defaults to the chain's deployment. */
  loanCore?: Address;
  /** Check a specific principal instead of the offer's minimum. */
  principal?: bigint;
  /** Read at this block (defaults to the latest). */
  block?: ValidationBlock;
  /**
   * Where ECDSA recovery runs: "local" (viem, default) or "rpc" (the node's ecrecover precompile, in
   * parallel with the state reads: much cheaper per signature for a server validating thousands).
   */
  signatureRecovery?: "local" | "rpc";
};

export type ValidateLoanOfferReturnType = LoanOfferEvaluation & {
  usable: boolean;
  offerHash: Hash;
  block: ValidationBlock;
  state: LoanOfferState;
};

export type ValidateBorrowRequestParameters = {
  request: BorrowRequest;
  signature: Hex;
  loanCore?: Address;
  /** Check a specific principal against `minPrincipal`. */
  principal?: bigint;
  block?: ValidationBlock;
  signatureRecovery?: "local" | "rpc";
};

export type ValidateBorrowRequestReturnType = {
  usable: boolean;
  problems: OfferProblem[];
  requestHash: Hash;
  block: ValidationBlock;
  /** A request is filled once, for at least `minPrincipal`: this is that minimum (0 when unusable). */
  fundablePrincipal: bigint;
};

/** A LoanCore view failed: wrong address or chain, not an offer problem. */
export class LoanCoreReadError extends HypothecaError {
  override name = "LoanCoreReadError";
  constructor(view: string, cause: unknown) {
    super(`LoanCore.${view} failed: check that LoanCore is deployed at the given address on this chain.`, { cause });
  }
}

const ERC1271_MAGIC = "0x1626ba7e";
const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "", type: "bytes4" }],
  },
] as const;
/** secp256k1 order / 2: OpenZeppelin's ECDSA (used by LoanCore) rejects larger `s` (malleability). */
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
export const ECRECOVER = "0x0000000000000000000000000000000000000001";
/** Keep each eth_call of a multicall far below the node's call gas limit. */
const MULTICALL_BATCH_BYTES = 32_768;

/**
 * Checks a lender's signed offer against the chain as LoanCore's `acceptOffer` would, at one block:
 * signature (EIP-712, domain = this chain + LoanCore; ECDSA or ERC-1271), expiry, nonce, cancellation,
 * capacity, the lender's balance and allowance, currency allow-list, pause, and terms the core always
 * rejects. All state comes from one multicall at one block.
 * @example
 * const check = await validateLoanOffer(client, { offer, signature });
 * if (!check.usable) console.log(check.problems.map((p) => p.message));
 */
export async function validateLoanOffer<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  parameters: ValidateLoanOfferParameters,
): Promise<ValidateLoanOfferReturnType> {
  const { offer, principal } = parameters;
  const { chainId, loanCore, block } = await context(client, parameters);
  const offerHash = hashTypedData({
    domain: loanCoreDomain(chainId, loanCore),
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message: offer,
  });
  const core = { address: loanCore, abi: loanCoreAbi } as const;
  const currency = { address: offer.currency, abi: erc20Abi } as const;
  const [reads, signatureOk] = await withSignature(client, parameters, offer.lender, offerHash, block, [
    { ...core, functionName: "offerUsed", args: [offerHash] },
    { ...core, functionName: "minNonce", args: [offer.lender] },
    { ...core, functionName: "isCurrencyAllowed", args: [offer.currency] },
    { ...core, functionName: "originationConfig" },
    { ...core, functionName: "loanParameters" },
    { ...currency, functionName: "balanceOf", args: [offer.lender] },
    { ...currency, functionName: "allowance", args: [offer.lender, loanCore] },
  ] as const);
  const [used, minNonce, currencyAllowed, config, coreParameters, balance, allowance] = reads;
  const state: LoanOfferState = {
    used: required(used, "offerUsed"),
    minNonce: required(minNonce, "minNonce"),
    currencyAllowed: required(currencyAllowed, "isCurrencyAllowed"),
    paused: required(config, "originationConfig").paused,
    maxAprBps: required(coreParameters, "loanParameters").maxAprBps,
    // A currency without balanceOf/allowance cannot fund anything.
    balance: balance.status === "success" ? balance.result : 0n,
    allowance: allowance.status === "success" ? allowance.result : 0n,
    timestamp: block.timestamp,
  };
  const evaluation = evaluateLoanOffer(offer, state, { loanCore, principal });
  if (!signatureOk) evaluation.problems.unshift(badSignature(offer.lender));
  return { usable: evaluation.problems.length === 0, offerHash, block, state, ...evaluation };
}

/**
 * Checks a borrower's signed request as LoanCore's `fillRequest` would, at one block: signature, expiry,
 * nonce, whether it was already filled, currency, pause, terms, and that the borrower still holds the
 * collateral and has approved LoanCore to move it.
 * @example
 * const check = await validateBorrowRequest(client, { request, signature });
 */
export async function validateBorrowRequest<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  parameters: ValidateBorrowRequestParameters,
): Promise<ValidateBorrowRequestReturnType> {
  const { request, principal } = parameters;
  const { chainId, loanCore, block } = await context(client, parameters);
  const requestHash = hashTypedData({
    domain: loanCoreDomain(chainId, loanCore),
    types: borrowRequestTypes,
    primaryType: "BorrowRequest",
    message: request,
  });
  const core = { address: loanCore, abi: loanCoreAbi } as const;
  const isErc1155 = request.collateralAmount !== 0n;
  const [reads, signatureOk] = await withSignature(client, parameters, request.borrower, requestHash, block, [
    { ...core, functionName: "offerUsed", args: [requestHash] },
    { ...core, functionName: "minNonce", args: [request.borrower] },
    { ...core, functionName: "isCurrencyAllowed", args: [request.currency] },
    { ...core, functionName: "originationConfig" },
    isErc1155
      ? {
          address: request.collateral,
          abi: erc1155Abi,
          functionName: "balanceOf",
          args: [request.borrower, request.tokenId],
        }
      : { address: request.collateral, abi: erc721Abi, functionName: "ownerOf", args: [request.tokenId] },
    {
      address: request.collateral,
      abi: erc721Abi,
      functionName: "isApprovedForAll",
      args: [request.borrower, loanCore],
    },
    { address: request.collateral, abi: erc721Abi, functionName: "getApproved", args: [request.tokenId] },
  ] as const);
  const [used, minNonce, currencyAllowed, config, holding, approvedForAll, approved] = reads;

  const problems: OfferProblem[] = [];
  if (!signatureOk) problems.push(badSignature(request.borrower));
  problems.push(
    ...requestTermsProblems(request, loanCore),
    ...commonProblems({
      expiry: request.expiry,
      timestamp: block.timestamp,
      nonce: request.nonce,
      minNonce: required(minNonce, "minNonce"),
      currency: request.currency,
      currencyAllowed: required(currencyAllowed, "isCurrencyAllowed"),
      paused: required(config, "originationConfig").paused,
    }),
  );
  if (required(used, "offerUsed") !== 0n) {
    problems.push({ code: "REQUEST_USED", message: `Request ${requestHash} was already filled.` });
  }
  if (principal !== undefined && (principal === 0n || principal < request.minPrincipal)) {
    problems.push({
      code: "PRINCIPAL_OUT_OF_RANGE",
      message: `Principal ${principal} is below the request's minimum ${request.minPrincipal} (or zero).`,
    });
  }
  const owns = isErc1155
    ? holding.status === "success" && (holding.result as bigint) >= request.collateralAmount
    : holding.status === "success" && isAddressEqual(holding.result as Address, request.borrower);
  if (!owns) {
    problems.push({
      code: "NOT_OWNER",
      message: `${request.borrower} no longer holds ${isErc1155 ? `${request.collateralAmount} of ` : ""}token ${request.tokenId} of ${request.collateral}.`,
    });
  }
  const approvedToken = !isErc1155 && approved.status === "success" && isAddressEqual(approved.result, loanCore);
  if (!(approvedForAll.status === "success" && approvedForAll.result) && !approvedToken) {
    problems.push({
      code: "NOT_APPROVED",
      message: `${request.borrower} has not approved LoanCore (${loanCore}) to move token ${request.tokenId} of ${request.collateral}.`,
    });
  }
  const usable = problems.length === 0;
  return { usable, problems, requestHash, block, fundablePrincipal: usable ? request.minPrincipal : 0n };
}

/**
 * The problems of an offer given chain state already read (the offer book reads the state of many
 * offers in one multicall, then evaluates each with this). Signature checks are not part of it.
 */
export function evaluateLoanOffer(
  offer: LoanOffer,
  state: LoanOfferState,
  options: { loanCore: Address; principal?: bigint },
): LoanOfferEvaluation {
  const { principal } = options;
  const problems: OfferProblem[] = [
    ...offerTermsProblems(offer, options.loanCore, state.maxAprBps),
    ...commonProblems({
      expiry: offer.expiry,
      timestamp: state.timestamp,
      nonce: offer.nonce,
      minNonce: state.minNonce,
      currency: offer.currency,
      currencyAllowed: state.currencyAllowed,
      paused: state.paused,
    }),
  ];
  const cancelled = state.used === maxUint256;
  if (cancelled) problems.push({ code: "CANCELLED", message: "The lender cancelled this offer." });
  const remainingCapacity = cancelled || state.used >= offer.capacity ? 0n : offer.capacity - state.used;
  // What the borrower must be able to take: the asked principal, else the offer's minimum.
  const needed = principal ?? (offer.minPrincipal === 0n ? 1n : offer.minPrincipal);
  if (
    principal !== undefined &&
    (principal === 0n || principal < offer.minPrincipal || principal > offer.maxPrincipal)
  ) {
    problems.push({
      code: "PRINCIPAL_OUT_OF_RANGE",
      message: `Principal ${principal} is outside the offer's range [${offer.minPrincipal}, ${offer.maxPrincipal}] (or zero).`,
    });
  }
  if (!cancelled && remainingCapacity < needed) {
    problems.push({
      code: "CAPACITY_EXHAUSTED",
      message: `Only ${remainingCapacity} of the capacity ${offer.capacity} is left; ${needed} is needed.`,
    });
  }
  if (state.balance < needed) {
    problems.push({
      code: "INSUFFICIENT_BALANCE",
      message: `The lender holds ${state.balance} of ${offer.currency}; ${needed} is needed.`,
    });
  }
  if (state.allowance < needed) {
    problems.push({
      code: "INSUFFICIENT_ALLOWANCE",
      message: `The lender allows LoanCore ${state.allowance} of ${offer.currency}; ${needed} is needed. Approve LoanCore for more.`,
    });
  }
  const cap = [offer.maxPrincipal, remainingCapacity, state.balance, state.allowance].reduce((a, b) => (b < a ? b : a));
  const fundablePrincipal = problems.length === 0 ? cap : 0n;
  return { problems, remainingCapacity, fundablePrincipal };
}

/** Terms LoanCore rejects whatever the chain state: the offer can never be accepted. */
export function offerTermsProblems(offer: LoanOffer, loanCore: Address, maxAprBps: number): OfferProblem[] {
  const problems: OfferProblem[] = [];
  const invalid = (field: string, message: string) => problems.push({ code: "INVALID_TERMS", field, message });
  if (offer.scope > Scope.TokenSet)
    invalid("scope", `Unknown scope ${offer.scope} (0 token, 1 collection, 2 token set).`);
  if (offer.scope === Scope.TokenSet && offer.tokenSetRoot === zeroHash) {
    invalid("tokenSetRoot", "A token-set offer needs the Merkle root of its token ids.");
  }
  defaultModeProblem(offer.defaultMode, invalid);
  if (offer.maxPrincipal === 0n) invalid("maxPrincipal", "maxPrincipal is 0: LoanCore rejects a zero principal.");
  if (offer.minPrincipal > offer.maxPrincipal) {
    invalid("minPrincipal", `minPrincipal ${offer.minPrincipal} is above maxPrincipal ${offer.maxPrincipal}.`);
  }
  if (offer.capacity < offer.minPrincipal || offer.capacity === 0n) {
    invalid("capacity", `capacity ${offer.capacity} cannot fund even minPrincipal ${offer.minPrincipal}.`);
  }
  if (offer.aprBps > maxAprBps) invalid("aprBps", `aprBps ${offer.aprBps} is above LoanCore's ceiling ${maxAprBps}.`);
  if (isAddressEqual(offer.collateral, loanCore)) invalid("collateral", "LoanCore's own notes cannot be collateral.");
  if (isAddressEqual(offer.lender, zeroAddress)) invalid("lender", "The lender is the zero address.");
  return problems;
}

function requestTermsProblems(request: BorrowRequest, loanCore: Address): OfferProblem[] {
  const problems: OfferProblem[] = [];
  const invalid = (field: string, message: string) => problems.push({ code: "INVALID_TERMS", field, message });
  defaultModeProblem(request.defaultMode, invalid);
  if (isAddressEqual(request.collateral, loanCore)) invalid("collateral", "LoanCore's own notes cannot be collateral.");
  if (isAddressEqual(request.borrower, zeroAddress)) invalid("borrower", "The borrower is the zero address.");
  return problems;
}

function defaultModeProblem(mode: number, invalid: (field: string, message: string) => void) {
  if (mode === DefaultMode.Managed) {
    invalid("defaultMode", "Managed (2) is only for contract lenders (pools) through borrowFrom.");
  } else if (mode > DefaultMode.Managed) {
    invalid("defaultMode", `Unknown default mode ${mode} (0 foreclose, 1 auction).`);
  }
}

function commonProblems(p: {
  expiry: bigint;
  timestamp: bigint;
  nonce: bigint;
  minNonce: bigint;
  currency: Address;
  currencyAllowed: boolean;
  paused: boolean;
}): OfferProblem[] {
  const problems: OfferProblem[] = [];
  // LoanCore accepts while block.timestamp <= expiry; the next block is later than the latest one.
  if (p.expiry <= p.timestamp) {
    problems.push({ code: "EXPIRED", message: `Expired at ${p.expiry}; the latest block is at ${p.timestamp}.` });
  }
  if (p.nonce < p.minNonce) {
    problems.push({
      code: "NONCE_CANCELLED",
      message: `Nonce ${p.nonce} was cancelled: the signer's minimum nonce is ${p.minNonce}.`,
    });
  }
  if (!p.currencyAllowed) {
    problems.push({ code: "CURRENCY_NOT_ALLOWED", message: `LoanCore does not allow ${p.currency} for new loans.` });
  }
  if (p.paused) problems.push({ code: "ORIGINATIONS_PAUSED", message: "New lending is paused by the guardian." });
  return problems;
}

function badSignature(signer: Address): OfferProblem {
  return {
    code: "BAD_SIGNATURE",
    message: `The signature is not ${signer}'s over this message for this chain and LoanCore.`,
  };
}

/**
 * Local ECDSA recovery as OpenZeppelin's ECDSA does it (65 bytes, v 27/28, low s); undefined when the
 * signature is not a well-formed ECDSA signature.
 */
async function recoverEcdsa(digest: Hash, signature: Hex): Promise<Address | undefined> {
  const parts = ecdsaParts(signature);
  if (!parts) return undefined;
  try {
    return await recoverAddress({ hash: digest, signature });
  } catch {
    return undefined;
  }
}

/**
 * Input of the ecrecover precompile (address 0x01) for `signature` over `digest`, or undefined when the
 * signature is not one LoanCore's ECDSA accepts (65 bytes, v 27/28, low s). Lets a server recover many
 * signatures on its node in one JSON-RPC batch instead of on its own CPU.
 */
export function ecrecoverInput(digest: Hash, signature: Hex): Hex | undefined {
  const parts = ecdsaParts(signature);
  return parts && concat([digest, pad(toHex(parts.v)), parts.r, parts.s]);
}

function ecdsaParts(signature: Hex): { r: Hex; s: Hex; v: number } | undefined {
  if (!/^0x[0-9a-fA-F]*$/.test(signature) || size(signature) !== 65) return undefined;
  const s = sliceHex(signature, 32, 64);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (BigInt(s) > HALF_CURVE_ORDER || (v !== 27 && v !== 28)) return undefined;
  return { r: sliceHex(signature, 0, 32), s, v };
}

/**
 * Runs `contracts` in one multicall at `block` and decides whether `signer` signed `digest`: ECDSA
 * (locally, or by the node's ecrecover precompile alongside the multicall), else ERC-1271 through the
 * same multicall.
 */
async function withSignature<const contracts extends readonly ContractFunctionParameters[]>(
  client: Client,
  parameters: { signature: Hex; signatureRecovery?: "local" | "rpc" },
  signer: Address,
  digest: Hash,
  block: ValidationBlock,
  contracts: contracts,
) {
  const { signature } = parameters;
  const rpc = parameters.signatureRecovery === "rpc";
  const local = rpc ? undefined : await recoverEcdsa(digest, signature);
  const localOk = local !== undefined && isAddressEqual(local, signer);
  // ERC-1271 only matters when ECDSA did not match (contract wallets); in rpc mode we do not know yet.
  const erc1271 =
    !localOk && /^0x[0-9a-fA-F]*$/.test(signature) && signature.length % 2 === 0
      ? [{ address: signer, abi: erc1271Abi, functionName: "isValidSignature", args: [digest, signature] }]
      : [];
  const input = rpc ? ecrecoverInput(digest, signature) : undefined;
  const [results, recovered] = await Promise.all([
    multicall(client, {
      // biome-ignore lint/suspicious/noExplicitAny: a heterogeneous tuple; results are typed by the caller's tuple below.
      contracts: [...contracts, ...erc1271] as any,
      blockNumber: block.number,
      allowFailure: true,
      batchSize: MULTICALL_BATCH_BYTES,
      deployless: !client.chain?.contracts?.multicall3,
    }),
    input
      ? call(client, { to: ECRECOVER, data: input, blockNumber: block.number }).then(({ data }) =>
          data && size(data) === 32 ? (sliceHex(data, 12) as Address) : undefined,
        )
      : undefined,
  ]);
  const ecdsaOk = localOk || (recovered !== undefined && isAddressEqual(recovered, signer));
  const last = results[contracts.length] as { status: string; result?: unknown } | undefined;
  const erc1271Ok = last?.status === "success" && last.result === ERC1271_MAGIC;
  return [results.slice(0, contracts.length) as MulticallResults<contracts, true>, ecdsaOk || erc1271Ok] as const;
}

function required<T>(result: { status: "success"; result: T } | { status: "failure"; error: Error }, what: string): T {
  if (result.status === "success") return result.result;
  throw new LoanCoreReadError(what, result.error);
}

async function context(client: Client, parameters: { loanCore?: Address; block?: ValidationBlock }) {
  const chainId = client.chain?.id ?? (await getChainId(client));
  const loanCore = parameters.loanCore ?? getDeployment(chainId).loanCore.address;
  let block = parameters.block;
  if (!block) {
    const latest = await getBlock(client, { blockTag: "latest" });
    block = { number: latest.number, hash: latest.hash, timestamp: latest.timestamp };
  }
  return { chainId, loanCore, block };
}
