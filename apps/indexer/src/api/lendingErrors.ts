import { ApiError } from "./errors.ts";

export class LoanNotFoundError extends ApiError {
  override name = "LoanNotFoundError";
  constructor(loanId: bigint) {
    super(404, "LOAN_NOT_FOUND", `No loan ${loanId} has been indexed. GET /v1/loans lists them.`);
  }
}

export class PoolNotFoundError extends ApiError {
  override name = "PoolNotFoundError";
  constructor(address: string) {
    super(404, "POOL_NOT_FOUND", `No lending pool at ${address} has been indexed. GET /v1/pools lists them.`);
  }
}

export class CollectionNotFoundError extends ApiError {
  override name = "CollectionNotFoundError";
  constructor(address: string) {
    super(
      404,
      "COLLECTION_NOT_FOUND",
      `No loan or floor price was indexed for collection ${address}. GET /v1/collections lists them.`,
    );
  }
}
