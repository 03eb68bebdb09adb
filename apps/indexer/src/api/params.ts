import { type Address, getAddress, isAddress } from "viem";
import { BadQueryError } from "./errors.ts";

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** A query parameter that must be a non-negative integer (unix seconds or a count), if present. */
export function readInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new BadQueryError(`\`${name}\` must be a non-negative integer, got "${raw}".`);
  }
  return value;
}

/** A uint256 given in decimal (ids, cursors), if present. */
export function readUint(raw: string | undefined, name: string): bigint | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,78}$/.test(raw) || BigInt(raw) >= 2n ** 256n) {
    throw new BadQueryError(`\`${name}\` must be a decimal uint256, got "${raw}".`);
  }
  return BigInt(raw);
}

/** A 20-byte address in any case (not checksum-validated: lower case is common in URLs), lower-cased as stored. */
export function readAddress(raw: string | undefined, name: string): Address | undefined {
  if (raw === undefined) return undefined;
  if (!isAddress(raw, { strict: false })) throw new BadQueryError(`\`${name}\` must be a 0x address, got "${raw}".`);
  return raw.toLowerCase() as Address;
}

export function readEnum<const T extends string>(
  raw: string | undefined,
  name: string,
  values: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    throw new BadQueryError(`\`${name}\` must be one of ${values.join(", ")}, got "${raw}".`);
  }
  return raw as T;
}

/** `limit` in [1, MAX_PAGE_LIMIT], default DEFAULT_PAGE_LIMIT. */
export function readLimit(raw: string | undefined): number {
  const limit = readInteger(raw, "limit") ?? DEFAULT_PAGE_LIMIT;
  if (limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new BadQueryError(`\`limit\` must be between 1 and ${MAX_PAGE_LIMIT}, got ${limit}.`);
  }
  return limit;
}

/** One page of rows fetched with `limit + 1`: the extra row only says there is a next page. */
export function page<Row, Cursor>(rows: Row[], limit: number, cursorOf: (row: Row) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

export function checksum(address: string): Address {
  return getAddress(address);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
