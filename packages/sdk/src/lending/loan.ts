import { type AbiParameterToPrimitiveType, type Log, parseEventLogs } from "viem";
import { loanCoreAbi } from "../generated/abis.ts";

type LoanStartedEvent = Extract<(typeof loanCoreAbi)[number], { type: "event"; name: "LoanStarted" }>;

/** A loan's full state, as LoanCore hashes it and its events carry it (ILoanTypes.Loan). */
export type Loan = AbiParameterToPrimitiveType<LoanStartedEvent["inputs"][3]>;

/** An offer as signed and passed to LoanCore (ILoanTypes.LoanOffer). */
export type LoanOffer = AbiParameterToPrimitiveType<
  Extract<(typeof loanCoreAbi)[number], { type: "function"; name: "acceptOffer" }>["inputs"][0]
>;

/** How a loan defaults; Managed loans come only from contract lenders (pools) that manage them. */
export const DefaultMode = { Foreclose: 0, Auction: 1, Managed: 2 } as const;
export const Scope = { Token: 0, Collection: 1, TokenSet: 2 } as const;

/**
 * The newest state of each loan in `logs` (from LoanStarted, LoanUpdated and LoanTransferred, which all
 * carry the full struct): what a caller passes back to LoanCore.
 */
export function latestLoans(logs: Log[]): Map<bigint, Loan> {
  const loans = new Map<bigint, Loan>();
  for (const event of parseEventLogs({
    abi: loanCoreAbi,
    logs,
    eventName: ["LoanStarted", "LoanUpdated", "LoanTransferred"],
  })) {
    loans.set(event.args.loanId, event.args.loan);
  }
  return loans;
}
