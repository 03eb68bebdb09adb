import type { SqlDatabase } from "./database.ts";
import type { StoredOffer } from "./wire.ts";

/** A row of the book: the signed message exactly as submitted (uint256 as decimal strings). */
type OfferRow = {
  hash: string;
  kind: "offer" | "request";
  payload: string | Record<string, unknown>;
  signature: string;
  token_ids: string | string[] | null;
  seq: string | number;
  created_at: string | Date;
};

type NewOffer = Omit<StoredOffer, "seq" | "createdAt">;
/** 7 parameters a row: well below Postgres's 65,535 bind parameters. */
const MAX_ROWS_PER_INSERT = 500;

/** Durable storage of signed offers and requests: one row each, keyed by the EIP-712 hash. */
export class OfferStore {
  private constructor(private readonly db: SqlDatabase) {}

  /** Opens the store and applies the migrations (idempotent: safe on every start). */
  static async open(db: SqlDatabase): Promise<OfferStore> {
    const schema = db.table("x").split(".")[0];
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${db.table("offers")} (
        hash text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('offer', 'request')),
        signer text NOT NULL,
        collateral text NOT NULL,
        payload jsonb NOT NULL,
        signature text NOT NULL,
        token_ids jsonb,
        seq bigserial NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS offers_seq ON ${db.table("offers")} (seq)`);
    return new OfferStore(db);
  }

  private queue: { offer: NewOffer; resolve: (row: OfferRow | undefined) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  /**
   * Stores one signed message as one complete row. Returns the stored row and whether this call created
   * it (false: the same hash was already stored, nothing changed). Concurrent inserts are group-committed:
   * one multi-row INSERT per turn of the event loop (one statement, so each row is stored whole or not
   * at all), answered only once it is committed.
   */
  async insert(offer: NewOffer): Promise<{ stored: StoredOffer; created: boolean }> {
    const inserted = await new Promise<OfferRow | undefined>((resolve, reject) => {
      this.queue.push({ offer, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
    if (inserted) return { stored: fromRow(inserted), created: true };
    const [existing] = await this.db.query<OfferRow>(
      `SELECT hash, kind, payload, signature, token_ids, seq, created_at FROM ${this.db.table("offers")} WHERE hash = $1`,
      [offer.hash],
    );
    if (!existing) throw new Error(`offer ${offer.hash} neither inserted nor found`);
    return { stored: fromRow(existing), created: false };
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_ROWS_PER_INSERT);
      // Two submissions of one offer in the same batch: ON CONFLICT cannot see a row of its own
      // statement twice, so insert each hash once and answer both.
      const unique = [...new Map(batch.map((item) => [item.offer.hash, item.offer])).values()];
      const params: unknown[] = [];
      const rows = unique.map((offer) => {
        const base = params.length;
        params.push(
          offer.hash,
          offer.kind,
          offer.signer.toLowerCase(),
          offer.collateral.toLowerCase(),
          JSON.stringify(offer.payload),
          offer.signature,
          offer.tokenIds ? JSON.stringify(offer.tokenIds) : null,
        );
        return `(${Array.from({ length: 7 }, (_, i) => `$${base + i + 1}`).join(", ")})`;
      });
      try {
        const inserted = await this.db.query<OfferRow>(
          `INSERT INTO ${this.db.table("offers")} (hash, kind, signer, collateral, payload, signature, token_ids)
           VALUES ${rows.join(", ")}
           ON CONFLICT (hash) DO NOTHING
           RETURNING hash, kind, payload, signature, token_ids, seq, created_at`,
          params,
        );
        const byHash = new Map(inserted.map((row) => [row.hash, row]));
        for (const item of batch) {
          const row = byHash.get(item.offer.hash);
          // The first submission of a hash in the batch created it; any other is a duplicate.
          byHash.delete(item.offer.hash);
          item.resolve(row);
        }
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.flushing = false;
  }

  /** Every stored message, oldest first. */
  async all(): Promise<StoredOffer[]> {
    const rows = await this.db.query<OfferRow>(
      `SELECT hash, kind, payload, signature, token_ids, seq, created_at FROM ${this.db.table("offers")} ORDER BY seq`,
    );
    return rows.map(fromRow);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM ${this.db.table("offers")}`,
    );
    return Number(row?.count ?? 0);
  }
}

function fromRow(row: OfferRow): StoredOffer {
  const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
  const tokenIds = typeof row.token_ids === "string" ? JSON.parse(row.token_ids) : row.token_ids;
  return {
    hash: row.hash as `0x${string}`,
    kind: row.kind,
    payload,
    signature: row.signature as `0x${string}`,
    tokenIds: tokenIds ?? undefined,
    signer: String(payload.lender ?? payload.borrower) as `0x${string}`,
    collateral: String(payload.collateral) as `0x${string}`,
    seq: Number(row.seq),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
