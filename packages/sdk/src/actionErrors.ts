import type { Address, Hash } from "viem";
import { HypothecaError } from "./errors.ts";

/** A parameter of a builder or action is malformed: `field` says which, `reason` why. */
export class InvalidInputError extends HypothecaError {
  override name = "InvalidInputError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid ${field}: ${reason}.`);
  }
}

/** A write action needs an account: on the client or in the parameters. */
export class AccountNotFoundError extends HypothecaError {
  override name = "AccountNotFoundError";
  constructor() {
    super("No account: pass `account` or use a wallet client with an account.");
  }
}

/** The transaction was mined but reverted (its simulation passed: the state changed in between). */
export class TransactionRevertedError extends HypothecaError {
  override name = "TransactionRevertedError";
  constructor(readonly hash: Hash) {
    super(`Transaction ${hash} reverted on chain: the state changed after simulation. Refresh and retry.`);
  }
}

/** The loan is not live: never started, or closed (repaid, foreclosed, sold, liquidated). */
export class LoanNotLiveError extends HypothecaError {
  override name = "LoanNotLiveError";
  constructor(readonly loanId: bigint) {
    super(`Loan ${loanId} is not live (never started or already closed).`);
  }
}

/** The newest loan (or auction) struct in the logs does not hash to the stored one: the log range is incomplete. */
export class LoanStateNotFoundError extends HypothecaError {
  override name = "LoanStateNotFoundError";
  constructor(
    readonly loanId: bigint,
    what: "loan" | "auction" = "loan",
  ) {
    super(
      `No ${what} state in the scanned logs matches the contract's hash for loan ${loanId}: scan from an earlier block or use the indexer.`,
    );
  }
}

/** The account does not hold what the operation needs (an NFT, a loan note, pool shares). */
export class NotOwnerError extends HypothecaError {
  override name = "NotOwnerError";
  constructor(
    readonly account: Address,
    readonly what: string,
    readonly owner?: Address,
  ) {
    super(`${account} does not hold ${what}${owner ? ` (held by ${owner})` : ""}.`);
  }
}

/** An expected event is missing from a successful receipt (wrong contract address?). */
export class EventNotFoundError extends HypothecaError {
  override name = "EventNotFoundError";
  constructor(
    readonly eventName: string,
    readonly hash: Hash,
  ) {
    super(`Transaction ${hash} emitted no ${eventName}: check the contract addresses.`);
  }
}
