export * from "./actionErrors.ts";
export { type FeedConfig, type GetAssetsParameters, type GetAssetsReturnType, getAssets } from "./actions/getAssets.ts";
export {
  type GetLatestPriceErrorType,
  type GetLatestPriceParameters,
  type GetLatestPriceReturnType,
  getLatestPrice,
} from "./actions/getLatestPrice.ts";
export {
  type GetRoundPriceErrorType,
  type GetRoundPriceParameters,
  type GetRoundPriceReturnType,
  getRoundPrice,
} from "./actions/getRoundPrice.ts";
export {
  DAY_SECONDS,
  type GetTickerParameters,
  type GetTickerReturnType,
  getTicker,
  type TickerEntry,
} from "./actions/getTicker.ts";
export * from "./actions/lending/acceptOffer.ts";
export * from "./actions/lending/borrowRequest.ts";
export * from "./actions/lending/claim.ts";
export * from "./actions/lending/default.ts";
export * from "./actions/lending/delegate.ts";
export * from "./actions/lending/getLoan.ts";
export { CloseReason, type LoanReference } from "./actions/lending/loanEvents.ts";
export * from "./actions/lending/offer.ts";
export * from "./actions/lending/openTerm.ts";
export * from "./actions/lending/refinance.ts";
export * from "./actions/lending/renegotiate.ts";
export * from "./actions/lending/repay.ts";
export * from "./actions/lending/takeOver.ts";
export * from "./actions/pool/borrow.ts";
export * from "./actions/pool/claim.ts";
export * from "./actions/pool/liquidation.ts";
export * from "./actions/pool/repay.ts";
export * from "./actions/pool/vault.ts";
export {
  collateralRequirement,
  erc20AllowanceRequirement,
  type Requirement,
  sendRequirements,
} from "./actions/requirements.ts";
export { chainlinkUsdFeeds } from "./config/chainlinkFeeds.ts";
export * from "./contractErrors.ts";
export { type ContractDeployment, type Deployment, findDeployment, getDeployment } from "./deployments.ts";
export {
  type Auction,
  AuctionStatus,
  auctionEndsAt,
  auctionPriceAt,
  auctionStatus,
  redemptionCost,
  restartedAuction,
} from "./entities/auction.ts";
export {
  defaultsAt,
  dueAt,
  type GetLoanCoreParametersParameters,
  getLoanCoreParameters,
  type LoanCoreParameters,
  LoanStatus,
  loanDebtAt,
  loanStatus,
  refinancingAuctionEndsAt,
  refinancingCeilingAt,
  saleEndsAt,
  salePriceAt,
} from "./entities/loan.ts";
export {
  type CollectionConfig,
  collateralValue,
  type GetPoolStateParameters,
  getPoolState,
  loanHealthFactor,
  PoolLayoutMismatchError,
  type PoolState,
  type PoolTotals,
  poolBorrowRate,
  poolMaxBorrow,
  poolQuote,
  poolSupplyRate,
  poolUtilization,
  type RateCurve,
} from "./entities/pool.ts";
export { changePercent, formatPercent, formatUsd, type PriceRound, toPriceRound } from "./entities/price.ts";
export * from "./errors.ts";
export * from "./generated/index.ts";
export { type Json, loanOfferFromJson, toJsonValue } from "./lending/json.ts";
export { DefaultMode, type Loan, type LoanOffer, latestLoans, Scope } from "./lending/loan.ts";
export * from "./lending/sign.ts";
export { borrowRequestTypes, loanCoreDomain, loanOfferTypes, renegotiationTypes } from "./lending/typedData.ts";
export {
  type BorrowRequest,
  ECRECOVER,
  ecrecoverInput,
  evaluateLoanOffer,
  LoanCoreReadError,
  type LoanOfferEvaluation,
  type LoanOfferState,
  type OfferProblem,
  type OfferProblemCode,
  offerTermsProblems,
  type ValidateBorrowRequestParameters,
  type ValidateBorrowRequestReturnType,
  type ValidateLoanOfferParameters,
  type ValidateLoanOfferReturnType,
  type ValidationBlock,
  validateBorrowRequest,
  validateLoanOffer,
} from "./lending/validateOffer.ts";
export * as loanMath from "./math/loanMath.ts";
export * as poolMath from "./math/poolMath.ts";
// Math and entities: loans, pools and auctions (pure functions mirroring the contracts, and their readers).
export { ArithmeticError, InvalidUintError, MAX_UINT256 } from "./math/uint256.ts";
