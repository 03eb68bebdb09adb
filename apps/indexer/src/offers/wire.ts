import type { BorrowRequest, LoanOffer } from "@hypotheca/sdk";
import { type Address, getAddress, type Hash, type Hex, isAddress, maxUint256 } from "viem";

/** JSON form of a signed message: addresses checksummed, integers as decimal strings. */
export type WireMessage = Record<string, string>;

/** One row of the book as the API and the in-memory index see it. */
export type StoredOffer = {
  hash: Hash;
  kind: "offer" | "request";
  payload: WireMessage;
  signature: Hex;
  /** TokenSet offers: the ids under `tokenSetRoot`, as decimal strings. */
  tokenIds?: string[];
  signer: Address;
  collateral: Address;
  /** Submission order (oldest first). */
  seq: number;
  createdAt: string;
};

export type Submission =
  | { kind: "offer"; offer: LoanOffer; signature: Hex; tokenIds?: bigint[] }
  | { kind: "request"; request: BorrowRequest; signature: Hex };

/** A field of the body has the wrong type or is missing; `field` is its JSON path. */
export class InvalidFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`\`${field}\` ${message}`);
  }
}

type FieldType = "address" | "bytes32" | "uint8" | "uint32" | "uint64" | "uint256";
const OFFER_FIELDS: [keyof LoanOffer, FieldType][] = [
  ["lender", "address"],
  ["collateral", "address"],
  ["scope", "uint8"],
  ["tokenId", "uint256"],
  ["tokenSetRoot", "bytes32"],
  ["collateralAmount", "uint256"],
  ["currency", "address"],
  ["minPrincipal", "uint256"],
  ["maxPrincipal", "uint256"],
  ["capacity", "uint256"],
  ["aprBps", "uint32"],
  ["duration", "uint32"],
  ["gracePeriod", "uint32"],
  ["defaultMode", "uint8"],
  ["expiry", "uint64"],
  ["nonce", "uint256"],
];
const REQUEST_FIELDS: [keyof BorrowRequest, FieldType][] = [
  ["borrower", "address"],
  ["collateral", "address"],
  ["tokenId", "uint256"],
  ["collateralAmount", "uint256"],
  ["currency", "address"],
  ["minPrincipal", "uint256"],
  ["maxAprBps", "uint32"],
  ["duration", "uint32"],
  ["gracePeriod", "uint32"],
  ["defaultMode", "uint8"],
  ["delegate", "address"],
  ["expiry", "uint64"],
  ["nonce", "uint256"],
];
const MAX: Record<"uint8" | "uint32" | "uint64" | "uint256", bigint> = {
  uint8: 255n,
  uint32: 2n ** 32n - 1n,
  uint64: 2n ** 64n - 1n,
  uint256: maxUint256,
};
/** Enough for any trait; the 16 KiB body limit bounds it first (about 200 ids of 78 digits). */
export const MAX_TOKEN_IDS = 1000;

/** Parses a POST /v1/offers body; throws InvalidFieldError naming the first bad field. */
export function parseSubmission(body: unknown): Submission {
  if (!isObject(body)) throw new InvalidFieldError("(body)", "must be a JSON object.");
  const { kind } = body;
  if (kind !== "offer" && kind !== "request") throw new InvalidFieldError("kind", 'must be "offer" or "request".');
  const signature = body.signature;
  if (typeof signature !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(signature) || signature.length > 2 + 2 * 4096) {
    throw new InvalidFieldError("signature", "must be a 0x-prefixed hex string of bytes.");
  }
  const allowed = new Set(["kind", "signature", kind, ...(kind === "offer" ? ["tokenIds"] : [])]);
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) throw new InvalidFieldError(key, `is not a field of a ${kind} submission.`);
  }
  if (kind === "request") {
    const request = parseMessage(body.request, "request", REQUEST_FIELDS) as BorrowRequest;
    return { kind, request, signature: signature as Hex };
  }
  const offer = parseMessage(body.offer, "offer", OFFER_FIELDS) as LoanOffer;
  if (body.tokenIds === undefined) return { kind, offer, signature: signature as Hex };
  if (!Array.isArray(body.tokenIds) || body.tokenIds.length === 0 || body.tokenIds.length > MAX_TOKEN_IDS) {
    throw new InvalidFieldError("tokenIds", `must be a non-empty array of at most ${MAX_TOKEN_IDS} token ids.`);
  }
  const tokenIds = body.tokenIds.map((value, i) => parseInteger(value, `tokenIds[${i}]`, "uint256"));
  return { kind, offer, signature: signature as Hex, tokenIds };
}

function parseMessage(value: unknown, name: string, fields: [string, FieldType][]): Record<string, unknown> {
  if (!isObject(value)) throw new InvalidFieldError(name, "must be an object.");
  const known = new Set(fields.map(([field]) => field));
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new InvalidFieldError(`${name}.${key}`, `is not a field of ${name}.`);
  }
  const parsed: Record<string, unknown> = {};
  for (const [field, type] of fields) {
    const path = `${name}.${field}`;
    const raw = value[field];
    if (raw === undefined || raw === null) throw new InvalidFieldError(path, "is missing.");
    if (type === "address") {
      if (typeof raw !== "string" || !isAddress(raw, { strict: false })) {
        throw new InvalidFieldError(path, "must be a 20-byte 0x-prefixed address.");
      }
      parsed[field] = getAddress(raw);
    } else if (type === "bytes32") {
      if (typeof raw !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(raw)) {
        throw new InvalidFieldError(path, "must be 32 bytes as 0x-prefixed hex.");
      }
      parsed[field] = raw.toLowerCase();
    } else {
      const integer = parseInteger(raw, path, type);
      // viem encodes uint8/uint32 from numbers, wider integers from bigints.
      parsed[field] = type === "uint8" || type === "uint32" ? Number(integer) : integer;
    }
  }
  return parsed;
}

/** uint256 as a decimal string; small integers (uint8 to uint64) also as JSON numbers. */
function parseInteger(raw: unknown, path: string, type: Exclude<FieldType, "address" | "bytes32">): bigint {
  let value: bigint | undefined;
  if (typeof raw === "string" && /^(0|[1-9]\d{0,77})$/.test(raw)) value = BigInt(raw);
  else if (typeof raw === "number" && type !== "uint256" && Number.isSafeInteger(raw) && raw >= 0) value = BigInt(raw);
  if (value === undefined || value > MAX[type]) {
    const form = type === "uint256" ? "a decimal string" : "a non-negative integer (number or decimal string)";
    throw new InvalidFieldError(path, `must be ${form} that fits a ${type}.`);
  }
  return value;
}

/** The message in its JSON form (what is stored and served). */
export function toWire(message: LoanOffer | BorrowRequest): WireMessage {
  return Object.fromEntries(Object.entries(message).map(([key, value]) => [key, String(value)]));
}

/** Back from the JSON form (stored rows were validated at submission). */
export function offerFromWire(wire: WireMessage): LoanOffer {
  return parseMessage(wire, "offer", OFFER_FIELDS) as LoanOffer;
}
export function requestFromWire(wire: WireMessage): BorrowRequest {
  return parseMessage(wire, "request", REQUEST_FIELDS) as BorrowRequest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
