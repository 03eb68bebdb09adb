import type { BorrowRequest, LoanOffer, ValidationBlock } from "@hypotheca/sdk";
import { ECRECOVER, loanCoreAbi } from "@hypotheca/sdk";
import {
  type Address,
  type ContractFunctionParameters,
  erc20Abi,
  erc721Abi,
  erc1155Abi,
  getAddress,
  type Hex,
  type PublicClient,
  size,
  sliceHex,
} from "viem";
import { call, multicall } from "viem/actions";

/** One value the book needs from the chain, and the view call that reads it. */
type Read = { key: string; call: ContractFunctionParameters };
type Value = bigint | boolean | Address | undefined;

/** Keep each eth_call of a multicall far below the node's call gas limit (~1,500 calls). */
const MULTICALL_BATCH_BYTES = 64_000;

/**
 * What the book knows of the chain at one block. Values are read lazily, for the offers a query
 * touches, in one multicall per batch of misses, and kept until the head moves: a cache keyed by block
 * hash, so a reorg (a new hash at any height) starts from scratch.
 */
export class BlockState {
  private readonly values = new Map<string, Value>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Query results served at this block, as the bytes sent (invalidated when the book changes). */
  readonly results = new Map<string, Buffer>();
  /** Derived per-block data of the book (per-offer status, sorted lists), owned by the book. */
  readonly statuses = new Map<string, unknown>();
  readonly sorted = new Map<string, unknown>();
  /** Bumped whenever the book changes: an answer computed across a change must not be cached. */
  version = 0;

  constructor(
    private readonly client: PublicClient,
    readonly loanCore: Address,
    readonly block: ValidationBlock,
    readonly paused: boolean,
    readonly maxAprBps: number,
  ) {}

  /**
   * Reads every key not yet known or being read. Reads of concurrent API calls share one round trip
   * at this block (see `round`).
   */
  async load(reads: Read[]): Promise<void> {
    const waits = new Set<Promise<void>>();
    for (const read of reads) {
      if (this.values.has(read.key)) continue;
      let inFlight = this.pending.get(read.key);
      if (!inFlight) {
        inFlight = this.enqueue(read);
        this.pending.set(read.key, inFlight);
      }
      waits.add(inFlight);
    }
    await Promise.all(waits);
  }

  /**
   * The signer of `digest` per the node's ecrecover precompile (`input` from the SDK's
   * `ecrecoverInput`), at this block, in the same round trip as the state reads; undefined when the
   * precompile recovers nothing.
   */
  recover(input: Hex): Promise<Address | undefined> {
    return new Promise((resolve, reject) => {
      this.recoveries.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private queue: { read: Read; done: () => void; failed: (error: unknown) => void }[] = [];
  private recoveries: { input: Hex; resolve: (signer: Address | undefined) => void; reject: (e: unknown) => void }[] =
    [];
  private scheduled = false;
  private inFlight = false;

  private enqueue(read: Read): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ read, done, failed });
      this.schedule();
    });
  }

  /**
   * Adaptive batching, like a group commit: at most one round trip to the node is in flight per block;
   * everything asked for meanwhile goes in the next one (a multicall for the reads plus the ecrecover
   * calls, in one JSON-RPC batch). Idle, a request waits one turn of the event loop; under load the
   * batches grow with it instead of one HTTP request per submission.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.round();
    });
  }

  private async round(): Promise<void> {
    const reads = this.queue;
    const recoveries = this.recoveries;
    if (reads.length === 0 && recoveries.length === 0) return;
    this.queue = [];
    this.recoveries = [];
    this.inFlight = true;
    try {
      await Promise.all([
        reads.length > 0 &&
          this.read(reads.map((r) => r.read)).then(
            () => {
              for (const r of reads) r.done();
            },
            (error: unknown) => {
              for (const r of reads) r.failed(error);
            },
          ),
        ...recoveries.map(({ input, resolve, reject }) =>
          call(this.client, { to: ECRECOVER, data: input, blockNumber: this.block.number }).then(
            ({ data }) => resolve(data && size(data) === 32 ? getAddress(sliceHex(data, 12)) : undefined),
            reject,
          ),
        ),
      ]);
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0 || this.recoveries.length > 0) this.schedule();
    }
  }

  private async read(batch: Read[]): Promise<void> {
    try {
      const results = await multicall(this.client, {
        contracts: batch.map((read) => read.call),
        blockNumber: this.block.number,
        allowFailure: true,
        batchSize: MULTICALL_BATCH_BYTES,
        deployless: !this.client.chain?.contracts?.multicall3,
      });
      for (const [i, result] of results.entries()) {
        this.values.set((batch[i] as Read).key, result.status === "success" ? (result.result as Value) : undefined);
      }
    } finally {
      for (const read of batch) this.pending.delete(read.key);
    }
  }

  get(key: string): Value {
    return this.values.get(key);
  }

  // Keys and calls, shared by offers and requests.
  used(hash: string): Read {
    return { key: `used:${hash}`, call: this.core("offerUsed", [hash]) };
  }
  minNonce(signer: Address): Read {
    return { key: `nonce:${signer}`, call: this.core("minNonce", [signer]) };
  }
  currencyAllowed(currency: Address): Read {
    return { key: `allowed:${currency}`, call: this.core("isCurrencyAllowed", [currency]) };
  }
  balance(owner: Address, currency: Address): Read {
    return {
      key: `balance:${owner}:${currency}`,
      call: { address: currency, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
    };
  }
  allowance(owner: Address, currency: Address): Read {
    return {
      key: `allowance:${owner}:${currency}`,
      call: { address: currency, abi: erc20Abi, functionName: "allowance", args: [owner, this.loanCore] },
    };
  }
  /** ERC-721 owner of a token, or (ERC-1155) the borrower's balance of it. */
  holding(request: BorrowRequest): Read {
    return request.collateralAmount === 0n
      ? {
          key: `owner:${request.collateral}:${request.tokenId}`,
          call: { address: request.collateral, abi: erc721Abi, functionName: "ownerOf", args: [request.tokenId] },
        }
      : {
          key: `balance1155:${request.collateral}:${request.borrower}:${request.tokenId}`,
          call: {
            address: request.collateral,
            abi: erc1155Abi,
            functionName: "balanceOf",
            args: [request.borrower, request.tokenId],
          },
        };
  }
  approvedForAll(collection: Address, owner: Address): Read {
    return {
      key: `approvedForAll:${collection}:${owner}`,
      call: { address: collection, abi: erc721Abi, functionName: "isApprovedForAll", args: [owner, this.loanCore] },
    };
  }
  approved(collection: Address, tokenId: bigint): Read {
    return {
      key: `approved:${collection}:${tokenId}`,
      call: { address: collection, abi: erc721Abi, functionName: "getApproved", args: [tokenId] },
    };
  }

  offerReads(hash: string, offer: LoanOffer): Read[] {
    return [
      this.used(hash),
      this.minNonce(offer.lender),
      this.currencyAllowed(offer.currency),
      this.balance(offer.lender, offer.currency),
      this.allowance(offer.lender, offer.currency),
    ];
  }

  requestReads(hash: string, request: BorrowRequest): Read[] {
    const reads = [
      this.used(hash),
      this.minNonce(request.borrower),
      this.currencyAllowed(request.currency),
      this.holding(request),
      this.approvedForAll(request.collateral, request.borrower),
    ];
    if (request.collateralAmount === 0n) reads.push(this.approved(request.collateral, request.tokenId));
    return reads;
  }

  private core(functionName: "offerUsed" | "minNonce" | "isCurrencyAllowed", args: unknown[]) {
    return { address: this.loanCore, abi: loanCoreAbi, functionName, args } as ContractFunctionParameters;
  }
}

/**
 * Follows the chain head for the book: the latest block is fetched at most every `maxAgeMs` (one shared
 * request however many API calls wait on it), and a new hash starts a new BlockState.
 */
export class ChainView {
  private current: BlockState | undefined;
  private checkedAt = 0;
  private refreshing: Promise<BlockState> | undefined;

  constructor(
    readonly client: PublicClient,
    readonly loanCore: Address,
    private readonly maxAgeMs: number,
  ) {}

  async state(): Promise<BlockState> {
    if (this.current && Date.now() - this.checkedAt < this.maxAgeMs) return this.current;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Drops cached query results of the current block (the book gained an offer). */
  invalidateResults(): void {
    if (!this.current) return;
    this.current.version++;
    this.current.results.clear();
    this.current.sorted.clear();
  }

  private async refresh(): Promise<BlockState> {
    const startedAt = Date.now();
    const latest = await this.client.getBlock({ blockTag: "latest" });
    if (latest.hash !== this.current?.block.hash) {
      const block = { number: latest.number, hash: latest.hash, timestamp: latest.timestamp };
      const core = { address: this.loanCore, abi: loanCoreAbi } as const;
      const [config, parameters] = await multicall(this.client, {
        contracts: [
          { ...core, functionName: "originationConfig" },
          { ...core, functionName: "loanParameters" },
        ],
        blockNumber: block.number,
        allowFailure: false,
        deployless: !this.client.chain?.contracts?.multicall3,
      });
      this.current = new BlockState(this.client, this.loanCore, block, config.paused, parameters.maxAprBps);
    }
    this.checkedAt = startedAt;
    return this.current as BlockState;
  }
}
