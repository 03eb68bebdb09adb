import { db } from "ponder:api";
import { loan, loanEvent } from "ponder:schema";
import { loanMath } from "@hypotheca/sdk";
import { Hono } from "hono";
import { and, asc, desc, eq, inArray, lt } from "ponder";
import type { Address, Hex } from "viem";
import { LoanNotFoundError } from "./lendingErrors.ts";
import { checksum, nowSeconds, page, readAddress, readEnum, readInteger, readLimit, readUint } from "./params.ts";

export const LOAN_STATUSES = ["active", "called", "sale", "repaid", "foreclosed", "sold", "liquidated"] as const;
const OPEN_STATUSES: readonly string[] = ["active", "called", "sale"];
const DEFAULT_MODES = ["foreclose", "auction", "managed"] as const;

type LoanRow = typeof loan.$inferSelect;
type LoanEventRow = typeof loanEvent.$inferSelect;

/** A loan as the API shows it: amounts and ids as decimal strings, times as unix seconds. */
export type LoanView = {
  id: string;
  status: (typeof LOAN_STATUSES)[number];
  source: "offer" | "request" | "pool" | null;
  sourceHash: Hex | null;
  lender: Address;
  borrower: Address;
  collateral: Address;
  tokenId: string;
  collateralAmount: string;
  currency: Address;
  principal: string;
  carriedInterest: string;
  aprBps: number;
  feeBps: number;
  defaultMode: (typeof DEFAULT_MODES)[number];
  startTime: number;
  accrualStart: number;
  duration: number;
  gracePeriod: number;
  callTime: number | null;
  saleStart: number | null;
  delegate: Address;
  dueTime: number | null;
  defaultTime: number | null;
  /** Principal plus interest owed at `asOf` (the SDK's `loanMath.debtAt`); null once closed. */
  debt: string | null;
  interestPaid: string;
  principalPaid: string;
  createdAt: number;
  createdBlock: string;
  createdTransaction: Hex;
  updatedAt: number;
  closedAt: number | null;
  collateralTo: Address | null;
};

export type LoanEventView = {
  kind: LoanEventRow["kind"];
  status: LoanEventRow["status"];
  terms: Record<string, string | number> | null;
  details: Record<string, string | number> | null;
  blockNumber: string;
  timestamp: number;
  transactionHash: Hex;
  logIndex: number;
};

export type LoansResponse = { asOf: number; loans: LoanView[]; nextCursor: string | null };
export type LoanResponse = { asOf: number; loan: LoanView; history: LoanEventView[] };

export function toLoanView(row: LoanRow, asOf: number): LoanView {
  const open = OPEN_STATUSES.includes(row.status);
  const at = BigInt(asOf) > row.accrualStart ? BigInt(asOf) : row.accrualStart;
  return {
    id: row.id.toString(),
    status: row.status,
    source: row.source,
    sourceHash: row.sourceHash,
    lender: checksum(row.lender),
    borrower: checksum(row.borrower),
    collateral: checksum(row.collateral),
    tokenId: row.tokenId.toString(),
    collateralAmount: row.collateralAmount.toString(),
    currency: checksum(row.currency),
    principal: row.principal.toString(),
    carriedInterest: row.carriedInterest.toString(),
    aprBps: row.aprBps,
    feeBps: row.feeBps,
    defaultMode: DEFAULT_MODES[row.defaultMode] ?? "foreclose",
    startTime: Number(row.startTime),
    accrualStart: Number(row.accrualStart),
    duration: Number(row.duration),
    gracePeriod: Number(row.gracePeriod),
    callTime: row.callTime === 0n ? null : Number(row.callTime),
    saleStart: row.saleStart === 0n ? null : Number(row.saleStart),
    delegate: checksum(row.delegate),
    dueTime: row.dueTime === null ? null : Number(row.dueTime),
    defaultTime: row.defaultTime === null ? null : Number(row.defaultTime),
    debt: open ? loanMath.debtAt({ ...row, accrualStart: Number(row.accrualStart) }, at).debt.toString() : null,
    interestPaid: row.interestPaid.toString(),
    principalPaid: row.principalPaid.toString(),
    createdAt: Number(row.createdAt),
    createdBlock: row.createdBlock.toString(),
    createdTransaction: row.createdTransaction,
    updatedAt: Number(row.updatedAt),
    closedAt: row.closedAt === null ? null : Number(row.closedAt),
    collateralTo: row.collateralTo === null ? null : checksum(row.collateralTo),
  };
}

function toEventView(row: LoanEventRow): LoanEventView {
  return {
    kind: row.kind,
    status: row.status,
    terms: row.terms,
    details: row.details,
    blockNumber: row.blockNumber.toString(),
    timestamp: Number(row.timestamp),
    transactionHash: row.transactionHash,
    logIndex: row.logIndex,
  };
}

export const loans = new Hono();

/** Newest first; `cursor` is the last id of the previous page. */
loans.get("/", async (c) => {
  const borrower = readAddress(c.req.query("borrower"), "borrower");
  const lender = readAddress(c.req.query("lender"), "lender");
  const collection = readAddress(c.req.query("collection"), "collection");
  const status = readEnum(c.req.query("status"), "status", LOAN_STATUSES);
  const cursor = readUint(c.req.query("cursor"), "cursor");
  const limit = readLimit(c.req.query("limit"));
  const asOf = readInteger(c.req.query("at"), "at") ?? nowSeconds();

  const filters = [];
  if (borrower) filters.push(eq(loan.borrower, borrower));
  if (lender) filters.push(eq(loan.lender, lender));
  if (collection) filters.push(eq(loan.collateral, collection));
  if (status) filters.push(eq(loan.status, status));
  if (cursor !== undefined) filters.push(lt(loan.id, cursor));
  const rows = await db
    .select()
    .from(loan)
    .where(and(...filters))
    .orderBy(desc(loan.id))
    .limit(limit + 1);
  const { items, nextCursor } = page(rows, limit, (row) => row.id.toString());
  return c.json<LoansResponse>({ asOf, loans: items.map((row) => toLoanView(row, asOf)), nextCursor });
});

loans.get("/:id", async (c) => {
  const id = readUint(c.req.param("id"), "id") ?? 0n;
  const asOf = readInteger(c.req.query("at"), "at") ?? nowSeconds();
  const [row] = await db.select().from(loan).where(eq(loan.id, id)).limit(1);
  if (!row) throw new LoanNotFoundError(id);
  const history = await db
    .select()
    .from(loanEvent)
    .where(eq(loanEvent.loanId, id))
    .orderBy(asc(loanEvent.blockNumber), asc(loanEvent.logIndex));
  return c.json<LoanResponse>({ asOf, loan: toLoanView(row, asOf), history: history.map(toEventView) });
});

/** Open loans of a collection, for its outstanding debt. */
export async function openLoansOf(collection: Address): Promise<LoanRow[]> {
  return db
    .select()
    .from(loan)
    .where(and(eq(loan.collateral, collection), inArray(loan.status, ["active", "called", "sale"])));
}
