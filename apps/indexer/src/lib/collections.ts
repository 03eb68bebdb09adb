import type { Context } from "ponder:registry";
import { collection, collectionVolume } from "ponder:schema";
import type { Address } from "viem";

type Db = Context["db"];

type CollectionChange = { loans?: number; activeLoans?: number; defaults?: number };

/** Adds to a collection's loan counters, creating its row on first sight. */
export async function countCollection(db: Db, address: Address, change: CollectionChange): Promise<void> {
  const loans = change.loans ?? 0;
  const activeLoans = change.activeLoans ?? 0;
  const defaults = change.defaults ?? 0;
  await db
    .insert(collection)
    .values({ address, loans, activeLoans, defaults })
    .onConflictDoUpdate((row) => ({
      loans: row.loans + loans,
      activeLoans: row.activeLoans + activeLoans,
      defaults: row.defaults + defaults,
    }));
}

/** Adds to a collection's principal lent and outstanding in one currency. */
export async function addVolume(
  db: Db,
  key: { collection: Address; currency: Address },
  change: { lent?: bigint; outstanding?: bigint },
): Promise<void> {
  const lent = change.lent ?? 0n;
  const outstanding = change.outstanding ?? 0n;
  if (lent === 0n && outstanding === 0n) return;
  await db
    .insert(collectionVolume)
    .values({ ...key, volumeLent: lent, outstandingPrincipal: outstanding })
    .onConflictDoUpdate((row) => ({
      volumeLent: row.volumeLent + lent,
      outstandingPrincipal: row.outstandingPrincipal + outstanding,
    }));
}
