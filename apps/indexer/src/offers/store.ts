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

  /**
   * Inserts one signed message in one statement. Returns the stored row and whether this call created
   * it (false: the same hash was already stored, nothing changed).
   */
  async insert(offer: Omit<StoredOffer, "seq" | "createdAt">): Promise<{ stored: StoredOffer; created: boolean }> {
    const inserted = await this.db.query<OfferRow>(
      `INSERT INTO ${this.db.table("offers")} (hash, kind, signer, collateral, payload, signature, token_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hash) DO NOTHING
       RETURNING hash, kind, payload, signature, token_ids, seq, created_at`,
      [
        offer.hash,
        offer.kind,
        offer.signer.toLowerCase(),
        offer.collateral.toLowerCase(),
        JSON.stringify(offer.payload),
        offer.signature,
        offer.tokenIds ? JSON.stringify(offer.tokenIds) : null,
      ],
    );
    if (inserted[0]) return { stored: fromRow(inserted[0]), created: true };
    const [existing] = await this.db.query<OfferRow>(
      `SELECT hash, kind, payload, signature, token_ids, seq, created_at FROM ${this.db.table("offers")} WHERE hash = $1`,
      [offer.hash],
    );
    if (!existing) throw new Error(`offer ${offer.hash} neither inserted nor found`);
    return { stored: fromRow(existing), created: false };
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
