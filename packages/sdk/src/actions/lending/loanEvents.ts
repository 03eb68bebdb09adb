import type { Address } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import { debtAt } from "../../math/loanMath.ts";
import { eventOf, eventsOf, latestTimestamp, type ReadClient, type WriteResult } from "../internal.ts";

/** A live loan and its id: what every loan operation takes (from getLoan, the indexer or latestLoans). */
export type LoanReference = { loanId: bigint; loan: Loan };

/** The loan's new state after an operation that keeps it open (LoanUpdated or LoanTransferred). */
export function nextLoanState(loanCore: Address, loanId: bigint, written: WriteResult): Loan {
  const events = eventsOf(loanCoreAbi, "LoanUpdated", loanCore, written.receipt.logs)
    .map((e) => ({ loan: e.args.loan, loanId: e.args.loanId, logIndex: e.logIndex }))
    .concat(
      eventsOf(loanCoreAbi, "LoanTransferred", loanCore, written.receipt.logs).map((e) => ({
        loan: e.args.loan,
        loanId: e.args.loanId,
        logIndex: e.logIndex,
      })),
    )
    .filter((e) => e.loanId === loanId)
    .sort((a, b) => a.logIndex - b.logIndex);
  const last = events.at(-1);
  // No update event means the loan closed: the caller asked for a state that no longer exists.
  if (!last) return eventOf(loanCoreAbi, "LoanUpdated", loanCore, written).args.loan;
  return last.loan;
}

/** How the loan closed (LoanClosed), if it did in this transaction. */
export function closedLoan(
  loanCore: Address,
  loanId: bigint,
  written: WriteResult,
): { collateralTo: Address; reason: number } | undefined {
  const event = eventsOf(loanCoreAbi, "LoanClosed", loanCore, written.receipt.logs).find(
    (e) => e.args.loanId === loanId,
  );
  return event ? { collateralTo: event.args.collateralTo, reason: event.args.reason } : undefined;
}

/** Reasons LoanClosed carries. */
export const CloseReason = { Repaid: 0, Foreclosed: 1, Sold: 2, Liquidated: 3 } as const;

/** Debt `marginSeconds` after the latest block: an allowance that still covers it when the transaction lands. */
export async function debtWithMargin(client: ReadClient, loan: Loan, marginSeconds: number): Promise<bigint> {
  const now = await latestTimestamp(client);
  return debtAt(loan, now + BigInt(marginSeconds)).debt;
}

/** Ten minutes of interest on top of the debt, so an approval outlives a slow inclusion. */
export const DEFAULT_MARGIN_SECONDS = 600;
