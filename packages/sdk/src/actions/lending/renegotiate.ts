import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import {
  type BuildRenegotiationParameters,
  buildRenegotiation,
  type Renegotiation,
  signRenegotiation,
} from "../../lending/sign.ts";
import {
  accountAddress,
  execute,
  loanCoreAddress,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { type LoanReference, nextLoanState } from "./loanEvents.ts";

export type RenegotiateLoanParameters = WriteParameters &
  LoanReference & {
    /** Terms signed by the lender-note holder (buildRenegotiation + signRenegotiation). */
    terms: Renegotiation;
    signature: Hex;
    loanCore?: Address;
  };
export type RenegotiateLoanReturnType = WriteResult & { loan: Loan };

/**
 * The borrower-note holder applies lender-signed new terms (APR, duration, grace); accrued interest is
 * carried. No requirements: nothing is paid.
 * @example
 * const terms = buildRenegotiation({ loanId, loan, aprBps: 800 });
 * const signature = await signRenegotiation(lenderWallet, { terms });
 * await renegotiateLoan(borrowerWallet, { loanId, loan, terms, signature });
 */
export async function renegotiateLoan(
  client: WriteClient,
  parameters: RenegotiateLoanParameters,
): Promise<RenegotiateLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "renegotiate",
    args: [parameters.loanId, parameters.loan, parameters.terms, parameters.signature],
    account: parameters.account,
  });
  return { ...written, loan: nextLoanState(address, parameters.loanId, written) };
}

export type CreateRenegotiationParameters = WriteParameters & BuildRenegotiationParameters & { loanCore?: Address };
export type CreateRenegotiationReturnType = { terms: Renegotiation; signature: Hex };

/**
 * The lender-note holder builds and signs new terms for the loan's current state (no transaction); the
 * nonce defaults to its current minimum nonce.
 * @example
 * const { terms, signature } = await createRenegotiation(lenderWallet, { loanId, loan, aprBps: 800 });
 */
export async function createRenegotiation(
  client: WriteClient,
  parameters: CreateRenegotiationParameters,
): Promise<CreateRenegotiationReturnType> {
  const account = resolveAccount(client, parameters.account);
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const nonce =
    parameters.nonce ??
    (await readContract(client, {
      address: loanCore,
      abi: loanCoreAbi,
      functionName: "minNonce",
      args: [accountAddress(account)],
    }));
  const terms = buildRenegotiation({ ...parameters, nonce });
  return { terms, signature: await signRenegotiation(client, { terms, account, loanCore }) };
}
