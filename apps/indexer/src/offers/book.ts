import {
  type BorrowRequest,
  borrowRequestTypes,
  DefaultMode,
  ecrecoverInput,
  evaluateLoanOffer,
  findDeployment,
  type LoanOffer,
  loanCoreDomain,
  loanOfferTypes,
  type OfferProblem,
  Scope,
  validateBorrowRequest,
  validateLoanOffer,
} from "@hypotheca/sdk";
import { type Address, createPublicClient, type Hash, type Hex, http, isAddressEqual, maxUint256 } from "viem";
import { type BlockState, ChainView } from "./chainState.ts";
import { offerBookLocation, openDatabase, type SqlDatabase } from "./database.ts";
import { StructHasher } from "./eip712.ts";
import { TokenSetTree } from "./merkle.ts";
import { OfferStore } from "./store.ts";
import { offerFromWire, requestFromWire, type StoredOffer, type Submission, toWire, type WireMessage } from "./wire.ts";

const MAX_CACHED_RESULTS = 20_000;

/** One stored message with its parsed form, as the in-memory index holds it. */
type Entry = {
  stored: StoredOffer;
  offer?: LoanOffer;
  request?: BorrowRequest;
  tree?: TokenSetTree;
};

/** Per collection: offers and requests by token, collection-wide offers, token-set offers. */
type CollectionIndex = {
  key: string;
  all: Entry[];
  byToken: Map<bigint, Entry[]>;
  collectionWide: Entry[];
  tokenSets: Entry[];
};

export type OfferStatus = {
  usable: boolean;
  problems: OfferProblem[];
  /** Offers: what a borrower can take now (see the ordering in docs/api.md); requests: minPrincipal. */
  fundablePrincipal: string;
  /** Offers only: capacity not yet lent. */
  remainingCapacity?: string;
  block: { number: string; hash: Hash; timestamp: number };
};

export type OfferView = {
  hash: Hash;
  kind: "offer" | "request";
  offer?: WireMessage;
  request?: WireMessage;
  signature: `0x${string}`;
  /** TokenSet offers: how many token ids the set holds. */
  tokenSetSize?: number;
  /** TokenSet offers queried for a token: its Merkle proof, to pass to acceptOffer. */
  proof?: Hash[];
  submittedAt: string;
};

export type OfferQuery = {
  kind: "offer" | "request";
  collection?: Address;
  tokenId?: bigint;
  currency?: Address;
  /** Offers: the lender; requests: the borrower. */
  signer?: Address;
  limit: number;
};

export type SubmitResult =
  | { outcome: "created" | "duplicate"; view: OfferView; status: OfferStatus }
  | { outcome: "rejected"; hash: Hash; problems: OfferProblem[] };

/** A TokenSet offer's ids do not hash to its signed root. */
export class TokenSetMismatchError extends Error {}
/** A TokenSet offer came without ids, or another scope with ids. */
export class TokenIdsFieldError extends Error {}

/**
 * The off-chain offer book: signed lender offers and borrower requests, validated at submission with
 * the SDK's validators, stored durably, indexed in memory, and served best first after a fresh check of
 * the chain state they depend on (one multicall per block for the offers a query touches).
 */
export class OfferBook {
  private readonly byHash = new Map<string, Entry>();
  private readonly collections = new Map<string, CollectionIndex>();
  private readonly offerHasher: StructHasher<LoanOffer>;
  private readonly requestHasher: StructHasher<BorrowRequest>;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly store: OfferStore,
    readonly chain: ChainView,
    readonly chainId: number,
    private readonly signatureRecovery: "local" | "rpc",
  ) {
    const domain = loanCoreDomain(chainId, chain.loanCore);
    this.offerHasher = new StructHasher(domain, loanOfferTypes, "LoanOffer");
    this.requestHasher = new StructHasher(domain, borrowRequestTypes, "BorrowRequest");
  }

  static async open(env: NodeJS.ProcessEnv = process.env): Promise<OfferBook> {
    const rpcUrl = env.PONDER_RPC_URL_31337 ?? "http://127.0.0.1:8545";
    // JSON-RPC batching: concurrent submissions' ecrecover calls and multicalls travel in one request.
    const client = createPublicClient({ transport: http(rpcUrl, { batch: { batchSize: 1_000, wait: 1 } }) });
    const chainId = await client.getChainId();
    const loanCore = (env.OFFER_BOOK_LOAN_CORE as Address | undefined) ?? findDeployment(chainId)?.loanCore.address;
    if (!loanCore) throw new Error(`No LoanCore deployment for chain ${chainId}: set OFFER_BOOK_LOAN_CORE.`);
    const db = await openDatabase(offerBookLocation(env));
    const store = await OfferStore.open(db);
    const headMaxAgeMs = Number(env.OFFER_BOOK_HEAD_MAX_AGE_MS ?? 100);
    // The node's ecrecover by default: local recovery costs ~2.5 ms of this process's CPU per offer.
    const recovery = env.OFFER_BOOK_SIGNATURE_RECOVERY === "local" ? "local" : "rpc";
    const book = new OfferBook(db, store, new ChainView(client, loanCore, headMaxAgeMs), chainId, recovery);
    for (const stored of await store.all()) book.add(stored);
    return book;
  }

  get size(): number {
    return this.byHash.size;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /**
   * Validates and stores a signed message. Resubmitting a stored one changes nothing ("duplicate").
   * Only usable messages are stored.
   */
  async submit(submission: Submission): Promise<SubmitResult> {
    let tree: TokenSetTree | undefined;
    if (submission.kind === "offer") {
      const { offer, tokenIds } = submission;
      if (offer.scope === Scope.TokenSet) {
        if (!tokenIds) throw new TokenIdsFieldError("a TokenSet offer needs `tokenIds`, the ids of its Merkle tree.");
        tree = new TokenSetTree(tokenIds);
        if (tree.root !== offer.tokenSetRoot.toLowerCase()) {
          throw new TokenSetMismatchError(
            `\`tokenIds\` hash to the root ${tree.root}, not the signed tokenSetRoot ${offer.tokenSetRoot}.`,
          );
        }
      } else if (tokenIds) {
        throw new TokenIdsFieldError("only TokenSet (scope 2) offers take `tokenIds`.");
      }
    }
    const hash =
      submission.kind === "offer"
        ? this.offerHasher.hash(submission.offer)
        : this.requestHasher.hash(submission.request);
    const known = this.byHash.get(hash);
    if (known) return { outcome: "duplicate", view: view(known), status: await this.status(known) };

    const state = await this.chain.state();
    const problems =
      submission.kind === "offer" && this.signatureRecovery === "rpc"
        ? await this.checkOffer(hash, submission.offer, submission.signature, state)
        : await this.checkWithValidator(submission, state);
    if (problems.length > 0) return { outcome: "rejected", hash, problems };

    const message = submission.kind === "offer" ? submission.offer : submission.request;
    const { stored, created } = await this.store.insert({
      hash,
      kind: submission.kind,
      payload: toWire(message),
      signature: submission.signature,
      tokenIds: submission.kind === "offer" ? submission.tokenIds?.map(String) : undefined,
      signer: submission.kind === "offer" ? submission.offer.lender : submission.request.borrower,
      collateral: message.collateral,
    });
    const entry = this.add(stored, tree);
    if (created) this.chain.invalidateResults();
    return { outcome: created ? "created" : "duplicate", view: view(entry), status: await this.status(entry) };
  }

  /**
   * The hot path of submission: the lender's ECDSA signature is recovered by the node's ecrecover and
   * the offer's state read through the block's shared multicall (both batched with every concurrent
   * submission), then judged by the SDK's `evaluateLoanOffer`. Anything that is not a plain matching
   * ECDSA signature (ERC-1271 wallets, garbage) goes through the SDK's full `validateLoanOffer`.
   */
  private async checkOffer(hash: Hash, offer: LoanOffer, signature: Hex, state: BlockState): Promise<OfferProblem[]> {
    const input = ecrecoverInput(hash, signature);
    const [recovered] = await Promise.all([
      input ? state.recover(input) : undefined,
      state.load(state.offerReads(hash, offer)),
    ]);
    if (!recovered || !isAddressEqual(recovered, offer.lender)) {
      return this.checkWithValidator({ kind: "offer", offer, signature }, state);
    }
    // Kept for this block: the answer to this submission (and later queries) need not evaluate it again.
    const status = this.evaluate({ stored: { hash } as StoredOffer, offer }, state);
    state.statuses.set(hash, status);
    return status.problems;
  }

  /** The SDK's validators, one multicall each (requests, ERC-1271 signers, OFFER_BOOK_SIGNATURE_RECOVERY=local). */
  private async checkWithValidator(submission: Submission, state: BlockState): Promise<OfferProblem[]> {
    const common = {
      signature: submission.signature,
      loanCore: this.chain.loanCore,
      block: state.block,
      signatureRecovery: this.signatureRecovery,
    };
    const check =
      submission.kind === "offer"
        ? await validateLoanOffer(this.chain.client, { ...common, offer: submission.offer })
        : await validateBorrowRequest(this.chain.client, { ...common, request: submission.request });
    return check.problems;
  }

  /** One stored message with its current status (usable or not). */
  async get(hash: string): Promise<{ view: OfferView; status: OfferStatus } | undefined> {
    const entry = this.byHash.get(hash.toLowerCase());
    if (!entry) return undefined;
    return { view: view(entry), status: await this.status(entry) };
  }

  /**
   * Usable messages matching a query, best first, as UTF-8 JSON bytes ready to send, cached per block
   * under `key`, the request's raw query string: a hit (the common case: the book changes far less often
   * than it is read) skips parsing and validating the query altogether. `parse` runs only on a miss.
   * Offers: fundable principal desc, APR asc, duration desc (open-term after fixed-term), oldest first.
   * Requests: max APR desc, minPrincipal desc, oldest first.
   */
  async query(key: string, parse: () => OfferQuery): Promise<Buffer> {
    const state = await this.chain.state();
    const cached = state.results.get(key);
    if (cached !== undefined) return cached;
    const version = state.version;
    const body = Buffer.from(await this.answer(parse(), state));
    if (state.version === version) {
      // Bounded: a chain that stays on one block must not grow the cache with every new query.
      if (state.results.size >= MAX_CACHED_RESULTS) state.results.clear();
      state.results.set(key, body);
    }
    return body;
  }

  private async answer(query: OfferQuery, state: BlockState): Promise<string> {
    const index = query.collection ? this.collections.get(query.collection.toLowerCase()) : undefined;
    const matches = (row: Row) =>
      (!query.currency || isAddressEqual(currencyOf(row.entry), query.currency)) &&
      (!query.signer || isAddressEqual(row.entry.stored.signer, query.signer));
    let rows: Row[];
    if (query.kind === "offer" && index && query.tokenId !== undefined) {
      // The hot query: the collection's offers are evaluated and sorted once per block; only the token's
      // own offers (token scope, token sets holding it) are merged in per query.
      const tokenId = query.tokenId;
      const wide = await this.sortedUsable(index, state);
      const specific = await this.usableRows(
        [...(index.byToken.get(tokenId) ?? []), ...index.tokenSets.filter((e) => e.tree?.has(tokenId))].filter(
          (e) => e.stored.kind === "offer",
        ),
        state,
      );
      specific.sort(compareOffers);
      rows = mergeSorted(wide, specific, compareOffers, matches, query.limit);
    } else {
      rows = (await this.usableRows(this.candidates(query), state)).filter(matches);
      rows.sort(query.kind === "offer" ? compareOffers : compareRequests);
    }
    const block = blockJson(state);
    const offers = rows.slice(0, query.limit).map(({ entry, status }) => {
      const item: OfferView & { fundablePrincipal: string; remainingCapacity?: string } = {
        ...view(entry),
        fundablePrincipal: status.fundablePrincipal,
        ...(status.remainingCapacity === undefined ? {} : { remainingCapacity: status.remainingCapacity }),
      };
      if (entry.tree && query.tokenId !== undefined) item.proof = entry.tree.proof(query.tokenId);
      return item;
    });
    return JSON.stringify({ block, offers });
  }

  /** The usable ones of `entries` with their status, evaluated once per block each. */
  private async usableRows(entries: Entry[], state: BlockState): Promise<Row[]> {
    const unknown = entries.filter((e) => !state.statuses.has(e.stored.hash));
    if (unknown.length > 0) {
      await state.load(
        unknown.flatMap((e) =>
          e.offer
            ? state.offerReads(e.stored.hash, e.offer)
            : state.requestReads(e.stored.hash, e.request as BorrowRequest),
        ),
      );
      for (const e of unknown) state.statuses.set(e.stored.hash, this.evaluate(e, state));
    }
    const rows: Row[] = [];
    for (const entry of entries) {
      const status = state.statuses.get(entry.stored.hash) as OfferStatus;
      if (status.usable) rows.push({ entry, status, fundable: BigInt(status.fundablePrincipal) });
    }
    return rows;
  }

  /**
   * A collection's usable collection-wide offers, best first, computed once per block until the book
   * changes: concurrent queries share one computation (a burst right after a new block would otherwise
   * evaluate and sort the same collection once per request).
   */
  private sortedUsable(index: CollectionIndex, state: BlockState): Promise<Row[]> {
    let sorted = state.sorted.get(index.key) as Promise<Row[]> | undefined;
    if (!sorted) {
      sorted = this.usableRows(index.collectionWide, state).then((rows) => rows.sort(compareOffers));
      state.sorted.set(index.key, sorted);
      // A failed read is not cached: the next query retries.
      sorted.catch(() => {
        if (state.sorted.get(index.key) === sorted) state.sorted.delete(index.key);
      });
    }
    return sorted;
  }

  private candidates(query: OfferQuery): Entry[] {
    let entries: Entry[];
    const index = query.collection ? this.collections.get(query.collection.toLowerCase()) : undefined;
    if (query.collection && !index) return [];
    if (index && query.tokenId !== undefined) {
      const tokenId = query.tokenId;
      entries = [...(index.byToken.get(tokenId) ?? [])];
      if (query.kind === "offer") {
        entries.push(...index.collectionWide, ...index.tokenSets.filter((e) => e.tree?.has(tokenId)));
      }
    } else {
      entries = index ? index.all : [...this.byHash.values()];
    }
    return entries.filter(
      (e) =>
        e.stored.kind === query.kind &&
        (!query.currency || isAddressEqual(currencyOf(e), query.currency)) &&
        (!query.signer || isAddressEqual(e.stored.signer, query.signer)),
    );
  }

  private async status(entry: Entry): Promise<OfferStatus> {
    const state = await this.chain.state();
    await this.usableRows([entry], state);
    return state.statuses.get(entry.stored.hash) as OfferStatus;
  }

  /** Status from state already loaded. Signatures were verified at submission. */
  private evaluate(entry: Entry, state: BlockState): OfferStatus {
    const block = blockJson(state);
    if (entry.offer) {
      const offer = entry.offer;
      const evaluation = evaluateLoanOffer(
        offer,
        {
          used: (state.get(`used:${entry.stored.hash}`) as bigint | undefined) ?? maxUint256,
          minNonce: (state.get(`nonce:${offer.lender}`) as bigint | undefined) ?? maxUint256,
          currencyAllowed: state.get(`allowed:${offer.currency}`) === true,
          paused: state.paused,
          maxAprBps: state.maxAprBps,
          balance: (state.get(`balance:${offer.lender}:${offer.currency}`) as bigint | undefined) ?? 0n,
          allowance: (state.get(`allowance:${offer.lender}:${offer.currency}`) as bigint | undefined) ?? 0n,
          timestamp: state.block.timestamp,
        },
        { loanCore: state.loanCore },
      );
      return {
        usable: evaluation.problems.length === 0,
        problems: evaluation.problems,
        fundablePrincipal: evaluation.fundablePrincipal.toString(),
        remainingCapacity: evaluation.remainingCapacity.toString(),
        block,
      };
    }
    const request = entry.request as BorrowRequest;
    const problems = requestProblems(entry.stored.hash, request, state);
    return {
      usable: problems.length === 0,
      problems,
      fundablePrincipal: problems.length === 0 ? request.minPrincipal.toString() : "0",
      block,
    };
  }

  /** Adds a stored row to the in-memory index (idempotent). */
  private add(stored: StoredOffer, tree?: TokenSetTree): Entry {
    const existing = this.byHash.get(stored.hash);
    if (existing) return existing;
    const entry: Entry = { stored };
    if (stored.kind === "offer") {
      entry.offer = offerFromWire(stored.payload);
      if (entry.offer.scope === Scope.TokenSet) {
        entry.tree = tree ?? new TokenSetTree((stored.tokenIds ?? []).map(BigInt));
      }
    } else {
      entry.request = requestFromWire(stored.payload);
    }
    const key = stored.collateral.toLowerCase();
    let index = this.collections.get(key);
    if (!index) {
      index = { key, all: [], byToken: new Map(), collectionWide: [], tokenSets: [] };
      this.collections.set(key, index);
    }
    index.all.push(entry);
    const scope = entry.offer?.scope;
    if (scope === Scope.Collection) index.collectionWide.push(entry);
    else if (scope === Scope.TokenSet) index.tokenSets.push(entry);
    else {
      const tokenId = (entry.offer ?? (entry.request as BorrowRequest)).tokenId;
      const list = index.byToken.get(tokenId);
      if (list) list.push(entry);
      else index.byToken.set(tokenId, [entry]);
    }
    this.byHash.set(stored.hash.toLowerCase(), entry);
    return entry;
  }
}

function requestProblems(hash: string, request: BorrowRequest, state: BlockState): OfferProblem[] {
  const problems: OfferProblem[] = [];
  const { timestamp } = state.block;
  if (request.defaultMode >= DefaultMode.Managed) {
    problems.push({ code: "INVALID_TERMS", field: "defaultMode", message: "Managed loans come only from pools." });
  }
  if (request.expiry <= timestamp) {
    problems.push({ code: "EXPIRED", message: `Expired at ${request.expiry}; the latest block is at ${timestamp}.` });
  }
  const minNonce = (state.get(`nonce:${request.borrower}`) as bigint | undefined) ?? maxUint256;
  if (request.nonce < minNonce) {
    problems.push({ code: "NONCE_CANCELLED", message: `Nonce ${request.nonce} is below the minimum ${minNonce}.` });
  }
  if (state.get(`allowed:${request.currency}`) !== true) {
    problems.push({ code: "CURRENCY_NOT_ALLOWED", message: `LoanCore does not allow ${request.currency}.` });
  }
  if (state.paused) problems.push({ code: "ORIGINATIONS_PAUSED", message: "New lending is paused by the guardian." });
  if (state.get(`used:${hash}`) !== 0n) problems.push({ code: "REQUEST_USED", message: "Already filled." });
  const holding = state.get(state.holding(request).key);
  const owns =
    request.collateralAmount === 0n
      ? typeof holding === "string" && isAddressEqual(holding, request.borrower)
      : typeof holding === "bigint" && holding >= request.collateralAmount;
  if (!owns) problems.push({ code: "NOT_OWNER", message: "The borrower no longer holds the collateral." });
  const approvedAll = state.get(`approvedForAll:${request.collateral}:${request.borrower}`) === true;
  const approved = state.get(`approved:${request.collateral}:${request.tokenId}`);
  const approvedToken = typeof approved === "string" && isAddressEqual(approved, state.loanCore);
  if (!approvedAll && !(request.collateralAmount === 0n && approvedToken)) {
    problems.push({ code: "NOT_APPROVED", message: "The borrower has not approved LoanCore for the collateral." });
  }
  return problems;
}

type Row = { entry: Entry; status: OfferStatus; fundable: bigint };

/** The first `limit` rows of two sorted lists that pass `keep`, in order. */
function mergeSorted(
  a: Row[],
  b: Row[],
  compare: (x: Row, y: Row) => number,
  keep: (row: Row) => boolean,
  limit: number,
) {
  const out: Row[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const takeA = j >= b.length || (i < a.length && compare(a[i] as Row, b[j] as Row) <= 0);
    const row = (takeA ? a[i++] : b[j++]) as Row;
    if (keep(row)) out.push(row);
  }
  return out;
}

function compareOffers(a: Row, b: Row): number {
  if (a.fundable !== b.fundable) return a.fundable > b.fundable ? -1 : 1;
  const x = a.entry.offer as LoanOffer;
  const y = b.entry.offer as LoanOffer;
  if (x.aprBps !== y.aprBps) return x.aprBps - y.aprBps;
  // Fixed-term, longest first; open-term (0: callable by the lender) last.
  const dx = x.duration === 0 ? -1 : x.duration;
  const dy = y.duration === 0 ? -1 : y.duration;
  if (dx !== dy) return dy - dx;
  return a.entry.stored.seq - b.entry.stored.seq;
}

function compareRequests(a: Row, b: Row): number {
  const x = a.entry.request as BorrowRequest;
  const y = b.entry.request as BorrowRequest;
  if (x.maxAprBps !== y.maxAprBps) return y.maxAprBps - x.maxAprBps;
  if (x.minPrincipal !== y.minPrincipal) return x.minPrincipal > y.minPrincipal ? -1 : 1;
  return a.entry.stored.seq - b.entry.stored.seq;
}

function currencyOf(entry: Entry): Address {
  return (entry.offer ?? (entry.request as BorrowRequest)).currency;
}

function view(entry: Entry): OfferView {
  const { stored } = entry;
  return {
    hash: stored.hash,
    kind: stored.kind,
    [stored.kind]: stored.payload,
    signature: stored.signature,
    ...(stored.tokenIds ? { tokenSetSize: new Set(stored.tokenIds).size } : {}),
    submittedAt: stored.createdAt,
  };
}

function blockJson(state: BlockState) {
  const { number, hash, timestamp } = state.block;
  return { number: number.toString(), hash, timestamp: Number(timestamp) };
}
