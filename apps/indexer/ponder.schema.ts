import { index, onchainEnum, onchainTable, primaryKey } from "ponder";

/** Assets of the PriceFeedRegistry, one row per symbol ever listed. */
export const asset = onchainTable(
  "asset",
  (t) => ({
    /** Exactly as listed (the registry's symbols are case-sensitive), e.g. "BTC". */
    symbol: t.text().primaryKey(),
    name: t.text().notNull(),
    /** The AggregatorV3 feed currently listed for the symbol. */
    feed: t.hex().notNull(),
    /** The feed's `decimals()`. */
    decimals: t.integer().notNull(),
    /** The feed's `description()`, e.g. "BTC / USD". */
    description: t.text().notNull(),
    /** Block and unix time of the latest AssetListed for this symbol (first listing or replacement). */
    listedAtBlock: t.bigint().notNull(),
    listedAtTimestamp: t.bigint().notNull(),
    /**
     * Position in the registry's `getAssets()` (0-based), mirrored through its swap-and-pop delisting;
     * null while delisted.
     */
    listingOrder: t.integer(),
    delisted: t.boolean().notNull(),
  }),
  (table) => ({ listingOrderIndex: index().on(table.listingOrder) }),
);

/** Per registry: how many assets are listed, the next listing's position. */
export const registry = onchainTable("registry", (t) => ({
  address: t.hex().primaryKey(),
  assetCount: t.integer().notNull(),
}));

/** Every AnswerUpdated of every listed feed. */
export const priceRound = onchainTable(
  "price_round",
  (t) => ({
    feed: t.hex().notNull(),
    roundId: t.bigint().notNull(),
    /** Raw answer with the feed's decimals. */
    answer: t.bigint().notNull(),
    /** Unix seconds, as the feed reports it. */
    updatedAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.feed, table.roundId] }),
    // The last round at or before a time (the 24 h reference) and time-range history, both ordered by
    // (updatedAt, roundId): roundId breaks ties between rounds of one block without a sort step.
    feedUpdatedAtIndex: index().on(table.feed, table.updatedAt, table.roundId),
  }),
);

/*//////////////////////////////////////////////////////////////
                          LOAN CORE
//////////////////////////////////////////////////////////////*/

/**
 * Where a loan is in its life. `called` (open-term, the lender called it) and `sale` (default Dutch auction
 * running) are still open; the last four are closed (LoanClosed's reason; `sold` is the default sale).
 */
export const loanStatus = onchainEnum("loan_status", [
  "active",
  "called",
  "sale",
  "repaid",
  "foreclosed",
  "sold",
  "liquidated",
]);

/** How a loan came to be: a lender's offer, a borrower's request, a contract lender (pool); null when unknown. */
export const loanSource = onchainEnum("loan_source", ["offer", "request", "pool"]);

/** One row per loan id: its current terms (the last struct an event carried) and its note holders. */
export const loan = onchainTable(
  "loan",
  (t) => ({
    id: t.bigint().primaryKey(),
    /** Current holders of the lender and borrower notes (the last holders once closed). */
    lender: t.hex().notNull(),
    borrower: t.hex().notNull(),
    collateral: t.hex().notNull(),
    tokenId: t.bigint().notNull(),
    collateralAmount: t.bigint().notNull(),
    currency: t.hex().notNull(),
    principal: t.bigint().notNull(),
    carriedInterest: t.bigint().notNull(),
    aprBps: t.integer().notNull(),
    feeBps: t.integer().notNull(),
    /** 0 Foreclose, 1 Auction, 2 Managed (ILoanTypes.DefaultMode). */
    defaultMode: t.integer().notNull(),
    startTime: t.bigint().notNull(),
    accrualStart: t.bigint().notNull(),
    duration: t.bigint().notNull(),
    gracePeriod: t.bigint().notNull(),
    callTime: t.bigint().notNull(),
    saleStart: t.bigint().notNull(),
    delegate: t.hex().notNull(),
    /** startTime + duration; null for open-term loans. */
    dueTime: t.bigint(),
    /** dueTime + gracePeriod: when a fixed-term loan defaults; null for open-term loans. */
    defaultTime: t.bigint(),
    status: loanStatus("status").notNull(),
    source: loanSource("source"),
    /** The EIP-712 hash of the offer or request it came from, when the transaction could be decoded. */
    sourceHash: t.hex(),
    /** Sums of LoanRepaid over the loan's life (refinance payoffs included). */
    interestPaid: t.bigint().notNull(),
    principalPaid: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTransaction: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
    closedAt: t.bigint(),
    /** Who received the NFT when the loan closed. */
    collateralTo: t.hex(),
  }),
  (table) => ({
    lenderIndex: index().on(table.lender, table.id),
    borrowerIndex: index().on(table.borrower, table.id),
    collateralIndex: index().on(table.collateral, table.id),
    statusIndex: index().on(table.status, table.id),
  }),
);

/** What a loan event did. */
export const loanEventKind = onchainEnum("loan_event_kind", [
  "started",
  "updated",
  "transferred",
  "repaid",
  "closed",
  "collateral_sold",
]);

/**
 * A loan's history, one row per LoanCore event about it. `terms` is the full struct after the event for
 * started/updated/transferred; `details` the event's own amounts (decimal strings).
 */
export const loanEvent = onchainTable(
  "loan_event",
  (t) => ({
    loanId: t.bigint().notNull(),
    kind: loanEventKind("kind").notNull(),
    /** The loan's status right after the event. */
    status: loanStatus("status").notNull(),
    terms: t.json().$type<Record<string, string | number>>(),
    details: t.json().$type<Record<string, string | number>>(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.blockNumber, table.logIndex] }),
    loanIndex: index().on(table.loanId, table.blockNumber, table.logIndex),
  }),
);

/** Who holds each live note (LoanCore's ERC-721): note id = loanId << 1 (lender) or << 1 | 1 (borrower). */
export const position = onchainTable(
  "position",
  (t) => ({
    noteId: t.bigint().primaryKey(),
    loanId: t.bigint().notNull(),
    side: t.text().$type<"lender" | "borrower">().notNull(),
    owner: t.hex().notNull(),
    /** False once burned (the loan closed). */
    live: t.boolean().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ ownerIndex: index().on(table.owner, table.live) }),
);

/**
 * A signed offer or request used by a loan, decoded from the transaction's calldata (LoanStarted does not
 * carry the hash). Only transactions sent straight to LoanCore or the WETH gateway are decoded.
 */
export const offerUse = onchainTable(
  "offer_use",
  (t) => ({
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    kind: t.text().$type<"offer" | "request">().notNull(),
    /** EIP-712 hash of the LoanOffer or BorrowRequest (what LoanCore's `offerUsed` is keyed by). */
    hash: t.hex().notNull(),
    /** The signer: the offer's lender or the request's borrower. */
    signer: t.hex().notNull(),
    loanId: t.bigint().notNull(),
    principal: t.bigint().notNull(),
    /** The function called: acceptOffer, refinance, fillRequest, acceptOfferForEth, fillRequestWithEth. */
    via: t.text().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.transactionHash, table.logIndex] }),
    hashIndex: index().on(table.hash),
  }),
);

export const offerCancellation = onchainTable(
  "offer_cancellation",
  (t) => ({
    offerHash: t.hex().primaryKey(),
    lender: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ lenderIndex: index().on(table.lender) }),
);

/** Every `cancelNoncesBelow`: nonces of `account` below `minNonce` are void from then on. */
export const nonceCancellation = onchainTable(
  "nonce_cancellation",
  (t) => ({
    account: t.hex().notNull(),
    minNonce: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.transactionHash, table.logIndex] }),
    accountIndex: index().on(table.account),
  }),
);

/*//////////////////////////////////////////////////////////////
                          LENDING POOL
//////////////////////////////////////////////////////////////*/

/** A lending pool's state after its last event: totals read at that block (they change with time). */
export const pool = onchainTable("pool", (t) => ({
  address: t.hex().primaryKey(),
  asset: t.hex().notNull(),
  cash: t.bigint().notNull(),
  lent: t.bigint().notNull(),
  interest: t.bigint().notNull(),
  reserves: t.bigint().notNull(),
  claimable: t.bigint().notNull(),
  badDebt: t.bigint().notNull(),
  totalAssets: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(),
  utilizationBps: t.integer().notNull(),
  borrowRateBps: t.integer().notNull(),
  supplyRateBps: t.integer().notNull(),
  deposits: t.integer().notNull(),
  withdrawals: t.integer().notNull(),
  loans: t.integer().notNull(),
  liquidations: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

export const poolLoanStatus = onchainEnum("pool_loan_status", ["active", "repaid", "liquidating", "settled"]);

/** A loan the pool made (LoanBooked) and what it was paid (LoanPaymentBooked). */
export const poolLoan = onchainTable(
  "pool_loan",
  (t) => ({
    loanId: t.bigint().primaryKey(),
    pool: t.hex().notNull(),
    collection: t.hex().notNull(),
    tokenId: t.bigint().notNull(),
    /** The pool's collection config version the loan was made under. */
    version: t.integer().notNull(),
    premiumBps: t.bigint().notNull(),
    /** Borrow value of the collateral in the pool's asset at origination. */
    value: t.bigint().notNull(),
    principal: t.bigint().notNull(),
    carriedInterest: t.bigint().notNull(),
    received: t.bigint().notNull(),
    toReserves: t.bigint().notNull(),
    status: poolLoanStatus("status").notNull(),
    bookedAt: t.bigint().notNull(),
  }),
  (table) => ({ poolIndex: index().on(table.pool, table.loanId) }),
);

export const auctionStatus = onchainEnum("auction_status", ["live", "sold", "redeemed"]);

/** A pool liquidation auction (one per loan): the struct as last started or restarted, then how it ended. */
export const auction = onchainTable(
  "auction",
  (t) => ({
    loanId: t.bigint().primaryKey(),
    pool: t.hex().notNull(),
    collection: t.hex().notNull(),
    tokenId: t.bigint().notNull(),
    borrower: t.hex().notNull(),
    starter: t.hex().notNull(),
    debt: t.bigint().notNull(),
    bookValue: t.bigint().notNull(),
    principal: t.bigint().notNull(),
    startPrice: t.bigint().notNull(),
    floorPrice: t.bigint().notNull(),
    startTime: t.bigint().notNull(),
    duration: t.bigint().notNull(),
    floorBps: t.integer().notNull(),
    penaltyBps: t.integer().notNull(),
    /** 0 for the first run, +1 per restart. */
    round: t.integer().notNull(),
    /** Health factor (WAD) when the liquidation started. */
    healthFactor: t.bigint().notNull(),
    status: auctionStatus("status").notNull(),
    /** Sold: buyer, price, the pool's share and the borrower's surplus. Redeemed: payer and penalty. */
    buyer: t.hex(),
    price: t.bigint(),
    toPool: t.bigint(),
    surplus: t.bigint(),
    penalty: t.bigint(),
    /** Depositors' loss when it settled below its book value. */
    badDebt: t.bigint().notNull(),
    startedAt: t.bigint().notNull(),
    endedAt: t.bigint(),
  }),
  (table) => ({ statusIndex: index().on(table.status, table.loanId) }),
);

/*//////////////////////////////////////////////////////////////
                       FLOOR ORACLE, COLLECTIONS
//////////////////////////////////////////////////////////////*/

/** Every accepted floor-oracle value (PriceUpdated), ETH with 18 decimals. */
export const oraclePrice = onchainTable(
  "oracle_price",
  (t) => ({
    collection: t.hex().notNull(),
    roundId: t.bigint().notNull(),
    /** Spot value after the deviation clamp. */
    price: t.bigint().notNull(),
    median: t.bigint().notNull(),
    /** TWAP right after this value. */
    twap: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.collection, table.roundId] }),
    timeIndex: index().on(table.collection, table.timestamp),
  }),
);

/** Per NFT collection: lending activity (all currencies together in counts) and the latest floor. */
export const collection = onchainTable("collection", (t) => ({
  address: t.hex().primaryKey(),
  loans: t.integer().notNull(),
  activeLoans: t.integer().notNull(),
  /** Loans closed by foreclosure, default sale or liquidation. */
  defaults: t.integer().notNull(),
  floorRoundId: t.bigint(),
  floorPrice: t.bigint(),
  floorTwap: t.bigint(),
  floorUpdatedAt: t.bigint(),
}));

/** Per collection and currency: principal lent (origination and each new lender) and outstanding now. */
export const collectionVolume = onchainTable(
  "collection_volume",
  (t) => ({
    collection: t.hex().notNull(),
    currency: t.hex().notNull(),
    volumeLent: t.bigint().notNull(),
    outstandingPrincipal: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.collection, table.currency] }) }),
);
