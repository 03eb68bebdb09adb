import { borrowRequestTypes, loanCoreDomain, loanOfferTypes, renegotiationTypes } from "@hypotheca/sdk";
import fc from "fast-check";
import { type Address, getAddress, type Hex, hashTypedData, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { StructHasher } from "../src/offers/eip712.ts";

/** The book's fast EIP-712 hasher must give viem's hashTypedData for every message the core signs. */
const domain = loanCoreDomain(31337, "0x0165878A594ca255338adfa4d48449f69242Eb8F");
const uint = (bits: number) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(toHex(b)) as Address);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b) as Hex);
const arbitraryOf = (fields: readonly { name: string; type: string }[]) =>
  fc.record(
    Object.fromEntries(
      fields.map(({ name, type }) => [
        name,
        type === "address" ? address : type === "bytes32" ? bytes32 : uint(Number(type.slice(4)) || 256),
      ]),
    ),
  );

describe("StructHasher", () => {
  for (const [primaryType, types] of [
    ["LoanOffer", loanOfferTypes],
    ["BorrowRequest", borrowRequestTypes],
    ["Renegotiation", renegotiationTypes],
  ] as const) {
    it(`hashes a ${primaryType} exactly as viem's hashTypedData`, () => {
      const fields = (types as Record<string, readonly { name: string; type: string }[]>)[primaryType] ?? [];
      const hasher = new StructHasher(domain, types, primaryType);
      fc.assert(
        fc.property(arbitraryOf(fields), (message) => {
          // biome-ignore lint/suspicious/noExplicitAny: the arbitrary builds the message field by field from `types`.
          const expected = hashTypedData({ domain, types, primaryType, message } as any);
          expect(hasher.hash(message)).toBe(expected);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("refuses values that do not fit their type instead of hashing something else", () => {
    const hasher = new StructHasher(domain, renegotiationTypes, "Renegotiation");
    const valid = {
      loanId: 1n,
      loanHash: `0x${"11".repeat(32)}`,
      aprBps: 1,
      duration: 1,
      gracePeriod: 0,
      expiry: 1n,
      nonce: 0n,
    };
    expect(() => hasher.hash({ ...valid, aprBps: 2 ** 32 })).toThrow(/aprBps/);
    expect(() => hasher.hash({ ...valid, nonce: -1n })).toThrow(/nonce/);
    expect(() => hasher.hash({ ...valid, loanHash: "0x1234" })).toThrow(/loanHash/);
  });
});
