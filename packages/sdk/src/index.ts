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
export { chainlinkUsdFeeds } from "./config/chainlinkFeeds.ts";
export { type ContractDeployment, type Deployment, findDeployment, getDeployment } from "./deployments.ts";
export { changePercent, formatPercent, formatUsd, type PriceRound, toPriceRound } from "./entities/price.ts";
export * from "./errors.ts";
export * from "./generated/index.ts";
export { DefaultMode, type Loan, type LoanOffer, latestLoans, Scope } from "./lending/loan.ts";
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
