import type { LoanOffer } from "./loan.ts";

/**
 * A signed message as JSON carries it (the offer book's wire format, docs/api.md): addresses and hashes
 * as 0x strings, every integer as a decimal string (JSON numbers lose precision past 2^53).
 */
export type Json<T> = {
  [K in keyof T]: T[K] extends `0x${string}` ? T[K] : T[K] extends bigint | number ? string : T[K];
};

/** `value` with every bigint as a decimal string: ready for JSON.stringify. */
export function toJsonValue<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/** A LoanOffer from its JSON form (as the offer book serves it). */
export function loanOfferFromJson(json: Json<LoanOffer>): LoanOffer {
  return {
    ...json,
    scope: Number(json.scope),
    tokenId: BigInt(json.tokenId),
    collateralAmount: BigInt(json.collateralAmount),
    minPrincipal: BigInt(json.minPrincipal),
    maxPrincipal: BigInt(json.maxPrincipal),
    capacity: BigInt(json.capacity),
    aprBps: Number(json.aprBps),
    duration: Number(json.duration),
    gracePeriod: Number(json.gracePeriod),
    defaultMode: Number(json.defaultMode),
    expiry: BigInt(json.expiry),
    nonce: BigInt(json.nonce),
  };
}
