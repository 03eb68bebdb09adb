import type { Address } from "viem";

/**
 * EIP-712 types of the loan core's signed messages, field for field as in ILoanTypes.sol (enums are
 * uint8). The domain binds chain id and the LoanCore address, so a signature is valid for one
 * deployment on one chain and, through distinct type names, for one function.
 */
export const loanOfferTypes = {
  LoanOffer: [
    { name: "lender", type: "address" },
    { name: "collateral", type: "address" },
    { name: "scope", type: "uint8" },
    { name: "tokenId", type: "uint256" },
    { name: "tokenSetRoot", type: "bytes32" },
    { name: "collateralAmount", type: "uint256" },
    { name: "currency", type: "address" },
    { name: "minPrincipal", type: "uint256" },
    { name: "maxPrincipal", type: "uint256" },
    { name: "capacity", type: "uint256" },
    { name: "aprBps", type: "uint32" },
    { name: "duration", type: "uint32" },
    { name: "gracePeriod", type: "uint32" },
    { name: "defaultMode", type: "uint8" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

export const borrowRequestTypes = {
  BorrowRequest: [
    { name: "borrower", type: "address" },
    { name: "collateral", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "collateralAmount", type: "uint256" },
    { name: "currency", type: "address" },
    { name: "minPrincipal", type: "uint256" },
    { name: "maxAprBps", type: "uint32" },
    { name: "duration", type: "uint32" },
    { name: "gracePeriod", type: "uint32" },
    { name: "defaultMode", type: "uint8" },
    { name: "delegate", type: "address" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

export const renegotiationTypes = {
  Renegotiation: [
    { name: "loanId", type: "uint256" },
    { name: "loanHash", type: "bytes32" },
    { name: "aprBps", type: "uint32" },
    { name: "duration", type: "uint32" },
    { name: "gracePeriod", type: "uint32" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** The loan core's EIP-712 domain. */
export function loanCoreDomain(chainId: number, loanCore: Address) {
  return { name: "Hypotheca", version: "1", chainId, verifyingContract: loanCore } as const;
}
