import { type Context, type Event, ponder } from "ponder:registry";
import { loan, loanEvent, nonceCancellation, offerCancellation, offerUse, position } from "ponder:schema";
import {
  borrowRequestTypes,
  DefaultMode,
  deployments,
  type Loan,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  wethGatewayAbi,
} from "@hypotheca/sdk";
import { type Address, decodeFunctionData, type Hex, hashTypedData, isAddressEqual, zeroAddress } from "viem";
import { addVolume, countCollection } from "./lib/collections.ts";

type Db = Context["db"];
type LoanStatus = (typeof loan.$inferSelect)["status"];
type LoanEventKind = (typeof loanEvent.$inferInsert)["kind"];
type LoggedEvent = Pick<Event, "block" | "log" | "transaction">;

/** LoanClosed's `reason`, in ILoanTypes order. */
const CLOSE_STATUS = ["repaid", "foreclosed", "sold", "liquidated"] as const satisfies readonly LoanStatus[];

const devnet = deployments[31337];

/** The note ids LoanCore mints: `loanId << 1` for the lender, `loanId << 1 | 1` for the borrower. */
function noteOf(noteId: bigint) {
  return { loanId: noteId >> 1n, side: noteId & 1n ? ("borrower" as const) : ("lender" as const) };
}

/** An open loan's status from its struct: a running default sale, else a call, else active. */
function openStatus(terms: Loan): LoanStatus {
  if (terms.saleStart !== 0) return "sale";
  if (terms.callTime !== 0) return "called";
  return "active";
}

/** The loan row's columns that come from the struct. */
function termsColumns(terms: Loan) {
  const fixedTerm = terms.duration !== 0;
  const dueTime = fixedTerm ? BigInt(terms.startTime) + BigInt(terms.duration) : null;
  return {
    collateral: terms.collateral,
    tokenId: terms.tokenId,
    collateralAmount: terms.collateralAmount,
    currency: terms.currency,
    principal: terms.principal,
    carriedInterest: terms.carriedInterest,
    aprBps: terms.aprBps,
    feeBps: terms.feeBps,
    defaultMode: terms.defaultMode,
    startTime: BigInt(terms.startTime),
    accrualStart: BigInt(terms.accrualStart),
    duration: BigInt(terms.duration),
    gracePeriod: BigInt(terms.gracePeriod),
    callTime: BigInt(terms.callTime),
    saleStart: BigInt(terms.saleStart),
    delegate: terms.delegate,
    dueTime,
    defaultTime: dueTime === null ? null : dueTime + BigInt(terms.gracePeriod),
  };
}

/** The struct as JSON for the history (bigints as decimal strings). */
function termsJson(terms: Loan): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(terms).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
  );
}

function amountsJson(values: Record<string, bigint | number | string>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
  );
}

async function recordEvent(
  db: Db,
  event: LoggedEvent,
  row: {
    loanId: bigint;
    kind: LoanEventKind;
    status: LoanStatus;
    terms?: Loan;
    details?: Record<string, bigint | number | string>;
  },
): Promise<void> {
  await db.insert(loanEvent).values({
    loanId: row.loanId,
    kind: row.kind,
    status: row.status,
    terms: row.terms ? termsJson(row.terms) : null,
    details: row.details ? amountsJson(row.details) : null,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
}

async function requireLoan(db: Db, loanId: bigint, event: LoggedEvent) {
  const found = await db.find(loan, { id: loanId });
  if (!found) {
    throw new Error(
      `LoanCore event for loan ${loanId} in block ${event.block.number} before its LoanStarted: ` +
        "check the LoanCore start block in the SDK deployments.",
    );
  }
  return found;
}

type SignedUse = { kind: "offer" | "request"; hash: Hex; signer: Address; principal: bigint; via: string };

/**
 * The signed offer or request a transaction used, from its calldata. Only calls sent straight to LoanCore
 * or the WETH gateway are decoded; a loan made through any other contract (a multisig, a smart account, a
 * router) keeps a null hash: LoanStarted does not carry it.
 */
function signedUseOf(transaction: Event["transaction"], chainId: number): SignedUse | undefined {
  const to = transaction.to;
  if (!to) return undefined;
  const domain = loanCoreDomain(chainId, devnet.loanCore.address);
  const offerHash = (offer: Parameters<typeof hashTypedData<typeof loanOfferTypes, "LoanOffer">>[0]["message"]) =>
    hashTypedData({ domain, types: loanOfferTypes, primaryType: "LoanOffer", message: offer });
  const requestHash = (
    request: Parameters<typeof hashTypedData<typeof borrowRequestTypes, "BorrowRequest">>[0]["message"],
  ) => hashTypedData({ domain, types: borrowRequestTypes, primaryType: "BorrowRequest", message: request });
  try {
    if (isAddressEqual(to, devnet.loanCore.address)) {
      const call = decodeFunctionData({ abi: loanCoreAbi, data: transaction.input });
      switch (call.functionName) {
        case "acceptOffer": {
          const [offer, , , principal] = call.args;
          return { kind: "offer", hash: offerHash(offer), signer: offer.lender, principal, via: call.functionName };
        }
        case "refinance": {
          const [, , offer, , principal] = call.args;
          return { kind: "offer", hash: offerHash(offer), signer: offer.lender, principal, via: call.functionName };
        }
        case "fillRequest": {
          const [request, , principal] = call.args;
          const signer = request.borrower;
          return { kind: "request", hash: requestHash(request), signer, principal, via: call.functionName };
        }
      }
    } else if (isAddressEqual(to, devnet.wethGateway.address)) {
      const call = decodeFunctionData({ abi: wethGatewayAbi, data: transaction.input });
      switch (call.functionName) {
        case "acceptOfferForEth": {
          const [offer, , , principal] = call.args;
          return { kind: "offer", hash: offerHash(offer), signer: offer.lender, principal, via: call.functionName };
        }
        case "fillRequestWithEth": {
          const [request] = call.args;
          const signer = request.borrower;
          // The gateway lends exactly the ETH sent.
          const principal = transaction.value;
          return { kind: "request", hash: requestHash(request), signer, principal, via: call.functionName };
        }
      }
    }
  } catch {
    // Not one of these functions' calldata (e.g. an unknown selector): the source stays unknown.
  }
  return undefined;
}

async function recordSignedUse(db: Db, event: LoggedEvent, loanId: bigint, use: SignedUse): Promise<void> {
  await db.insert(offerUse).values({
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    kind: use.kind,
    hash: use.hash,
    signer: use.signer,
    loanId,
    principal: use.principal,
    via: use.via,
    timestamp: event.block.timestamp,
    blockNumber: event.block.number,
  });
}

/** Notes are minted before LoanStarted and burned before LoanClosed, in the same transaction. */
ponder.on("LoanCore:Transfer", async ({ event, context }) => {
  const { from, to, id } = event.args;
  const { loanId, side } = noteOf(id);
  if (to === zeroAddress) {
    await context.db.update(position, { noteId: id }).set({ live: false, updatedAt: event.block.timestamp });
    return;
  }
  await context.db
    .insert(position)
    .values({ noteId: id, loanId, side, owner: to, live: true, updatedAt: event.block.timestamp })
    .onConflictDoUpdate({ owner: to, live: true, updatedAt: event.block.timestamp });
  // A note sold or given away: the loan's lender or borrower is whoever holds it now.
  if (from !== zeroAddress && (await context.db.find(loan, { id: loanId }))) {
    await context.db.update(loan, { id: loanId }).set(side === "lender" ? { lender: to } : { borrower: to });
  }
});

ponder.on("LoanCore:LoanStarted", async ({ event, context }) => {
  const { loanId, lender, borrower, loan: terms } = event.args;
  let source: "offer" | "request" | "pool" | null = null;
  let sourceHash: Hex | null = null;
  if (terms.defaultMode === DefaultMode.Managed) {
    source = "pool";
  } else {
    const use = signedUseOf(event.transaction, context.chain.id);
    if (use) {
      source = use.kind;
      sourceHash = use.hash;
      await recordSignedUse(context.db, event, loanId, use);
    }
  }
  const status = openStatus(terms);
  await context.db.insert(loan).values({
    id: loanId,
    lender,
    borrower,
    ...termsColumns(terms),
    status,
    source,
    sourceHash,
    interestPaid: 0n,
    principalPaid: 0n,
    createdAt: event.block.timestamp,
    createdBlock: event.block.number,
    createdTransaction: event.transaction.hash,
    updatedAt: event.block.timestamp,
  });
  await countCollection(context.db, terms.collateral, { loans: 1, activeLoans: 1 });
  await addVolume(
    context.db,
    { collection: terms.collateral, currency: terms.currency },
    { lent: terms.principal, outstanding: terms.principal },
  );
  await recordEvent(context.db, event, {
    loanId,
    kind: "started",
    status,
    terms,
    details: { lender, borrower, ...(sourceHash ? { sourceHash } : {}) },
  });
});

/** Partial repayment, renegotiation, call, sale start or delegation: the new struct, same lender. */
ponder.on("LoanCore:LoanUpdated", async ({ event, context }) => {
  const { loanId, loan: terms } = event.args;
  // Read before the update: Ponder's cache hands out the row object it then updates in place.
  const { principal: principalBefore } = await requireLoan(context.db, loanId, event);
  const status = openStatus(terms);
  await context.db
    .update(loan, { id: loanId })
    .set({ ...termsColumns(terms), status, updatedAt: event.block.timestamp });
  await addVolume(
    context.db,
    { collection: terms.collateral, currency: terms.currency },
    { outstanding: terms.principal - principalBefore },
  );
  await recordEvent(context.db, event, { loanId, kind: "updated", status, terms });
});

/** Refinance, takeover or auction takeover: a new lender paid the previous one off. */
ponder.on("LoanCore:LoanTransferred", async ({ event, context }) => {
  const { loanId, previousLender, newLender, paidToLender, loan: terms } = event.args;
  const { principal: principalBefore } = await requireLoan(context.db, loanId, event);
  const use = signedUseOf(event.transaction, context.chain.id);
  if (use) await recordSignedUse(context.db, event, loanId, use);
  const status = openStatus(terms);
  await context.db
    .update(loan, { id: loanId })
    .set({ ...termsColumns(terms), lender: newLender, status, updatedAt: event.block.timestamp });
  await addVolume(
    context.db,
    { collection: terms.collateral, currency: terms.currency },
    { lent: terms.principal, outstanding: terms.principal - principalBefore },
  );
  await recordEvent(context.db, event, {
    loanId,
    kind: "transferred",
    status,
    terms,
    details: { previousLender, newLender, paidToLender, ...(use ? { offerHash: use.hash } : {}) },
  });
});

ponder.on("LoanCore:LoanRepaid", async ({ event, context }) => {
  const { loanId, payer, interest, principal, fee } = event.args;
  const before = await requireLoan(context.db, loanId, event);
  const status = before.status;
  await context.db.update(loan, { id: loanId }).set({
    interestPaid: before.interestPaid + interest,
    principalPaid: before.principalPaid + principal,
    updatedAt: event.block.timestamp,
  });
  await recordEvent(context.db, event, {
    loanId,
    kind: "repaid",
    status,
    details: { payer, interest, principal, fee },
  });
});

ponder.on("LoanCore:LoanClosed", async ({ event, context }) => {
  const { loanId, collateralTo, reason } = event.args;
  const { collateral, currency, principal } = await requireLoan(context.db, loanId, event);
  const status = CLOSE_STATUS[reason];
  if (!status) throw new Error(`LoanClosed(${loanId}) with unknown reason ${reason} in block ${event.block.number}`);
  await context.db
    .update(loan, { id: loanId })
    .set({ status, closedAt: event.block.timestamp, collateralTo, updatedAt: event.block.timestamp });
  await countCollection(context.db, collateral, { activeLoans: -1, defaults: reason === 0 ? 0 : 1 });
  await addVolume(context.db, { collection: collateral, currency }, { outstanding: -principal });
  await recordEvent(context.db, event, { loanId, kind: "closed", status, details: { reason, collateralTo } });
});

ponder.on("LoanCore:CollateralSold", async ({ event, context }) => {
  const { loanId, buyer, price, debt, surplus } = event.args;
  const before = await requireLoan(context.db, loanId, event);
  await recordEvent(context.db, event, {
    loanId,
    kind: "collateral_sold",
    status: before.status,
    details: { buyer, price, debt, surplus },
  });
});

ponder.on("LoanCore:OfferCancelled", async ({ event, context }) => {
  await context.db
    .insert(offerCancellation)
    .values({
      offerHash: event.args.offerHash,
      lender: event.args.lender,
      timestamp: event.block.timestamp,
      blockNumber: event.block.number,
      transactionHash: event.transaction.hash,
    })
    // Cancelling twice is allowed on chain; the first cancellation is the one that counts.
    .onConflictDoNothing();
});

ponder.on("LoanCore:NoncesCancelled", async ({ event, context }) => {
  await context.db.insert(nonceCancellation).values({
    account: event.args.account,
    minNonce: event.args.minNonce,
    timestamp: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
});
