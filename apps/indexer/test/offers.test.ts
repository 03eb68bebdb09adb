import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type BorrowRequest,
  borrowRequestTypes,
  DefaultMode,
  demoCollectionAbi,
  deployments,
  type LoanOffer,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  Scope,
  wethAbi,
} from "@hypotheca/sdk";
import { type Account, type Address, type Hex, hashTypedData, parseEther, zeroAddress, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { type Indexer, startIndexer } from "../../../devnet/src/indexer.ts";
import { freePort } from "../../../tools/lib/ports.ts";
import { testDatabaseUrl } from "../../../tools/lib/postgres.ts";
import { TokenSetTree } from "../src/offers/merkle.ts";

const DAY = 86_400;
const { loanCore, weth } = deployments[31337];
const { lender, lender2, borrower, user } = devnetAccounts;
const domain = loanCoreDomain(31337, loanCore.address);

let chain: DevnetChain;
let clients: ReturnType<typeof devnetClients>;
let indexer: Indexer | undefined;
let dataDir: string;
let nft: Address;
let now: bigint;
/** PostgreSQL when INDEXER_TEST_DATABASE_URL is set (a database of its own), else PGlite. */
let databaseUrl: string | undefined;
const schema = `offers_test_${Date.now()}`;

async function start(): Promise<Indexer> {
  return startIndexer({
    rpcUrl: chain.rpcUrl,
    port: await freePort(),
    dataDir,
    ...(databaseUrl ? { databaseUrl, schema } : {}),
  });
}

beforeAll(async () => {
  databaseUrl = await testDatabaseUrl();
  chain = await startDevnetChain();
  clients = devnetClients(chain.rpcUrl);
  nft = chain.collections[0]?.address ?? zeroAddress;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-offers-"));
  // startIndexer passes this process's environment on: the book's place and a limit the suite can hit.
  process.env.OFFER_BOOK_DIR = path.join(dataDir, "offer-book");
  process.env.OFFER_BOOK_SCHEMA = `${schema}_book`;
  process.env.API_RATE_LIMIT_PER_SECOND = "100";
  process.env.API_RATE_LIMIT_BURST = "300";
  for (const account of [lender, lender2]) {
    await write(account, { address: weth.address, abi: wethAbi, functionName: "deposit", value: parseEther("50") });
    await write(account, {
      address: weth.address,
      abi: wethAbi,
      functionName: "approve",
      args: [loanCore.address, parseEther("40")],
    });
  }
  now = (await clients.publicClient.getBlock()).timestamp;
  indexer = await start();
}, 180_000);

afterAll(async () => {
  await indexer?.stop();
  await chain?.anvil.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: abi/functionName pairs are checked by viem at runtime.
async function write(account: Account, call: any) {
  const hash = await clients.walletClient(account).writeContract(call);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted`);
}

type ErrorBody = { error: { code: string; message: string }; problems?: { code: string }[] };
type OfferItem = {
  hash: Hex;
  kind: string;
  offer?: Record<string, string>;
  request?: Record<string, string>;
  signature: Hex;
  fundablePrincipal: string;
  proof?: Hex[];
};
type OfferResponse = OfferItem & {
  duplicate?: boolean;
  status: { usable: boolean; problems: { code: string }[]; fundablePrincipal: string };
};
type ListResponse = { block: { number: string }; offers: OfferItem[] };

async function call<T>(route: string, init?: RequestInit) {
  if (!indexer) throw new Error("the indexer is not running");
  const response = await fetch(`${indexer.url}${route}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}
const post = <T>(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  call<T>("/v1/offers", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

const json = (message: LoanOffer | BorrowRequest) =>
  Object.fromEntries(Object.entries(message).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));

let nextNonce = 100n;
function offer(overrides: Partial<LoanOffer> = {}): LoanOffer {
  return {
    lender: lender.address,
    collateral: nft,
    scope: Scope.Collection,
    tokenId: 0n,
    tokenSetRoot: zeroHash,
    collateralAmount: 0n,
    currency: weth.address,
    minPrincipal: parseEther("1"),
    maxPrincipal: parseEther("3"),
    capacity: parseEther("10"),
    aprBps: 1000,
    duration: 30 * DAY,
    gracePeriod: DAY,
    defaultMode: DefaultMode.Foreclose,
    expiry: now + BigInt(30 * DAY),
    nonce: nextNonce++,
    ...overrides,
  };
}
const signOffer = (message: LoanOffer, account: Account = lender) =>
  clients.walletClient(account).signTypedData({
    account,
    domain,
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message,
  });
const offerHash = (message: LoanOffer) =>
  hashTypedData({ domain, types: loanOfferTypes, primaryType: "LoanOffer", message });

async function submit(message: LoanOffer, extra: Record<string, unknown> = {}, account: Account = lender) {
  const response = await post<OfferResponse>({
    kind: "offer",
    offer: json(message),
    signature: await signOffer(message, account),
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function listFor(query: string) {
  const { status, body } = await call<ListResponse>(`/v1/offers?${query}`);
  expect(status).toBe(200);
  return body.offers;
}

/** Polls until `check` holds (the book follows the head within ~100 ms). */
async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}
const listed = async (query: string, hash: Hex) => (await listFor(query)).some((o) => o.hash === hash);

describe("POST /v1/offers", () => {
  it("stores a valid offer once; resubmitting it is idempotent", async () => {
    const message = offer();
    const signature = await signOffer(message);
    const first = await post<OfferResponse>({ kind: "offer", offer: json(message), signature });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ hash: offerHash(message), duplicate: false, status: { usable: true } });
    expect(first.body.status.fundablePrincipal).toBe(parseEther("3").toString());

    const again = await post<OfferResponse>({ kind: "offer", offer: json(message), signature });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ hash: offerHash(message), duplicate: true });
    const found = await call<OfferResponse>(`/v1/offers/${offerHash(message)}`);
    expect(found.status).toBe(200);
    expect(found.body.status.usable).toBe(true);
    const copies = (await listFor(`lender=${lender.address}&limit=200`)).filter((o) => o.hash === offerHash(message));
    expect(copies).toHaveLength(1);
  });

  it("stores a valid borrow request and serves it to lenders", async () => {
    const request: BorrowRequest = {
      borrower: borrower.address,
      collateral: nft,
      tokenId: 9n,
      collateralAmount: 0n,
      currency: weth.address,
      minPrincipal: parseEther("2"),
      maxAprBps: 1500,
      duration: 14 * DAY,
      gracePeriod: 0,
      defaultMode: DefaultMode.Auction,
      delegate: zeroAddress,
      expiry: now + BigInt(30 * DAY),
      nonce: 1n,
    };
    const signature = await clients.walletClient(borrower).signTypedData({
      account: borrower,
      domain,
      types: borrowRequestTypes,
      primaryType: "BorrowRequest",
      message: request,
    });
    const created = await post<OfferResponse>({ kind: "request", request: json(request), signature });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hash = created.body.hash;
    expect(await listed(`kind=request&collection=${nft}&tokenId=9`, hash)).toBe(true);

    await write(lender, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "fillRequest",
      args: [request, signature, parseEther("2"), 1200, zeroAddress],
    });
    await eventually(
      async () => !(await listed(`kind=request&collection=${nft}`, hash)),
      "the filled request drops out",
    );
    const gone = await call<OfferResponse>(`/v1/offers/${hash}`);
    expect(gone.body.status.problems.map((p) => p.code)).toContain("REQUEST_USED");
  });

  const rejected: [string, () => Promise<{ status: number; body: ErrorBody }>, number, string][] = [
    ["malformed JSON", () => post<ErrorBody>('{"kind": "offer",'), 400, "BAD_JSON"],
    ["a missing field", () => post<ErrorBody>({ kind: "offer", offer: {}, signature: "0x00" }), 400, "INVALID_BODY"],
    [
      "a uint256 sent as a number",
      async () => {
        const message = offer();
        return post<ErrorBody>({
          kind: "offer",
          offer: { ...json(message), maxPrincipal: 3e18 },
          signature: await signOffer(message),
        });
      },
      400,
      "INVALID_BODY",
    ],
    ["an unknown kind", () => post<ErrorBody>({ kind: "bid", offer: {}, signature: "0x00" }), 400, "INVALID_BODY"],
    [
      "an oversize body",
      () => post<ErrorBody>({ kind: "offer", padding: "x".repeat(17 * 1024) }),
      413,
      "BODY_TOO_LARGE",
    ],
    [
      "a form body",
      () => post<ErrorBody>("kind=offer", { "content-type": "text/plain" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "another signer",
      async () => {
        const message = offer();
        return post<ErrorBody>({ kind: "offer", offer: json(message), signature: await signOffer(message, lender2) });
      },
      422,
      "BAD_SIGNATURE",
    ],
    [
      "an expired offer",
      async () => {
        const message = offer({ expiry: now - 10n });
        return post<ErrorBody>({ kind: "offer", offer: json(message), signature: await signOffer(message) });
      },
      422,
      "EXPIRED",
    ],
    [
      "a Managed default mode",
      async () => {
        const message = offer({ defaultMode: DefaultMode.Managed });
        return post<ErrorBody>({ kind: "offer", offer: json(message), signature: await signOffer(message) });
      },
      422,
      "INVALID_TERMS",
    ],
    [
      "an unfunded lender",
      async () => {
        const message = offer({ lender: user.address });
        return post<ErrorBody>({ kind: "offer", offer: json(message), signature: await signOffer(message, user) });
      },
      422,
      "INSUFFICIENT_BALANCE",
    ],
    [
      "token ids that do not hash to the root",
      async () => {
        const message = offer({ scope: Scope.TokenSet, tokenSetRoot: new TokenSetTree([1n, 2n]).root });
        return post<ErrorBody>({
          kind: "offer",
          offer: json(message),
          signature: await signOffer(message),
          tokenIds: ["1", "3"],
        });
      },
      422,
      "TOKEN_SET_MISMATCH",
    ],
  ];
  it.each(rejected)("rejects %s and stores nothing", async (_, send, status, code) => {
    const before = (await listFor("limit=200")).length;
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).not.toBe("");
    expect((await listFor("limit=200")).length).toBe(before);
  });

  it("names the bad field", async () => {
    const message = offer();
    const { body } = await post<ErrorBody>({
      kind: "offer",
      offer: { ...json(message), currency: "0x12" },
      signature: await signOffer(message),
    });
    expect(body.error.message).toContain("offer.currency");
  });
});

describe("GET /v1/offers", () => {
  it("serves token, collection and token-set offers for a token, best first, with proofs", async () => {
    const collection = chain.collections[1]?.address ?? zeroAddress;
    const tree = new TokenSetTree([7n, 8n, 9n]);
    const small = await submit(offer({ collateral: collection, maxPrincipal: parseEther("2"), aprBps: 500 }));
    const cheap = await submit(offer({ collateral: collection, scope: Scope.Token, tokenId: 7n, aprBps: 700 }));
    const dear = await submit(offer({ collateral: collection, aprBps: 900 }));
    const long = await submit(offer({ collateral: collection, aprBps: 900, duration: 60 * DAY }));
    const setOffer = offer({
      collateral: collection,
      scope: Scope.TokenSet,
      tokenSetRoot: tree.root,
      maxPrincipal: parseEther("5"),
    });
    const set = await submit(setOffer, { tokenIds: ["7", "8", "9"] });
    // lender2 has 50 WETH but its offer's capacity caps what it can lend.
    const capped = await submit(
      offer({
        collateral: collection,
        lender: lender2.address,
        maxPrincipal: parseEther("8"),
        capacity: parseEther("4"),
      }),
      {},
      lender2,
    );
    const forToken7 = await listFor(`collection=${collection}&tokenId=7&currency=${weth.address}`);
    expect(forToken7.map((o) => o.hash)).toEqual([set.hash, capped.hash, cheap.hash, long.hash, dear.hash, small.hash]);
    expect(forToken7.map((o) => o.fundablePrincipal)).toEqual(
      ["5", "4", "3", "3", "3", "2"].map((v) => parseEther(v).toString()),
    );
    expect(forToken7[0]?.proof).toEqual(tree.proof(7n));
    // Token 1 is neither token 7 nor in the set.
    const forToken1 = await listFor(`collection=${collection}&tokenId=1`);
    expect(forToken1.map((o) => o.hash)).toEqual([capped.hash, long.hash, dear.hash, small.hash]);
    expect((await listFor(`collection=${collection}&tokenId=7&lender=${lender2.address}`)).map((o) => o.hash)).toEqual([
      capped.hash,
    ]);

    // The served proof works on chain: the borrower takes 5 WETH against token 7 from the set offer.
    await write(borrower, {
      address: collection,
      abi: demoCollectionAbi,
      functionName: "setApprovalForAll",
      args: [loanCore.address, true],
    });
    await write(borrower, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "acceptOffer",
      args: [setOffer, set.signature, 7n, parseEther("5"), forToken7[0]?.proof ?? [], zeroAddress, zeroAddress],
    });
  });

  it.each([["tokenId=1"], ["collection=0x12"], ["kind=bid"], ["limit=0"], ["limit=201"]])(
    "answers 400 BAD_QUERY for ?%s",
    async (query) => {
      const { status, body } = await call<ErrorBody>(`/v1/offers?${query}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe("BAD_QUERY");
    },
  );

  it("answers 404 OFFER_NOT_FOUND for an unknown hash", async () => {
    const { status, body } = await call<ErrorBody>(`/v1/offers/0x${"ab".repeat(32)}`);
    expect(status).toBe(404);
    expect(body.error.code).toBe("OFFER_NOT_FOUND");
  });
});

describe("drop-out", () => {
  const collectionQuery = () => `collection=${nft}&tokenId=7`;

  it("drops an offer once acceptOffer used its capacity", async () => {
    const message = offer({ capacity: parseEther("2"), maxPrincipal: parseEther("2") });
    const { hash, signature } = await submit(message);
    expect(await listed(collectionQuery(), hash)).toBe(true);
    await write(borrower, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "acceptOffer",
      args: [message, signature, 7n, parseEther("1.5"), [], zeroAddress, zeroAddress],
    });
    await eventually(async () => !(await listed(collectionQuery(), hash)), "the used offer drops out");
    const { body } = await call<OfferResponse>(`/v1/offers/${hash}`);
    expect(body.status.problems.map((p) => p.code)).toEqual(["CAPACITY_EXHAUSTED"]);
  });

  it("drops cancelled offers (cancelOffer, cancelNoncesBelow)", async () => {
    const one = offer({ lender: lender2.address });
    const first = await submit(one, {}, lender2);
    const second = await submit(offer({ lender: lender2.address, nonce: 5n }), {}, lender2);
    await write(lender2, { address: loanCore.address, abi: loanCoreAbi, functionName: "cancelOffer", args: [one] });
    await eventually(async () => !(await listed(collectionQuery(), first.hash)), "the cancelled offer drops out");
    expect(await listed(collectionQuery(), second.hash)).toBe(true);
    await write(lender2, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "cancelNoncesBelow",
      args: [6n],
    });
    await eventually(
      async () => !(await listed(collectionQuery(), second.hash)),
      "the nonce-cancelled offer drops out",
    );
  });

  it("drops an unfunded lender's offers and brings them back once funded again", async () => {
    const { hash } = await submit(offer({ lender: lender.address }));
    const balance = await clients.publicClient.readContract({
      address: weth.address,
      abi: wethAbi,
      functionName: "balanceOf",
      args: [lender.address],
    });
    await write(lender, {
      address: weth.address,
      abi: wethAbi,
      functionName: "transfer",
      args: [user.address, balance],
    });
    await eventually(async () => !(await listed(collectionQuery(), hash)), "the unfunded offer drops out");
    await write(user, {
      address: weth.address,
      abi: wethAbi,
      functionName: "transfer",
      args: [lender.address, balance],
    });
    await eventually(() => listed(collectionQuery(), hash), "the re-funded offer comes back");

    await write(lender, { address: weth.address, abi: wethAbi, functionName: "approve", args: [loanCore.address, 0n] });
    await eventually(async () => !(await listed(collectionQuery(), hash)), "the offer without allowance drops out");
    await write(lender, {
      address: weth.address,
      abi: wethAbi,
      functionName: "approve",
      args: [loanCore.address, parseEther("40")],
    });
    await eventually(() => listed(collectionQuery(), hash), "the re-approved offer comes back");
  });

  it("drops an offer once it expires", async () => {
    const { hash } = await submit(offer({ expiry: now + BigInt(40 * DAY) }));
    const { hash: later } = await submit(offer({ expiry: now + BigInt(50 * DAY) }));
    const head = await clients.publicClient.getBlock();
    await clients.testClient.setNextBlockTimestamp({ timestamp: now + BigInt(40 * DAY) });
    await clients.testClient.mine({ blocks: 1 });
    expect(head.timestamp).toBeLessThan(now + BigInt(40 * DAY));
    await eventually(async () => !(await listed(collectionQuery(), hash)), "the expired offer drops out");
    expect(await listed(collectionQuery(), later)).toBe(true);
  });
});

describe("durability", () => {
  it("keeps every offer across a restart on the same data, without duplicates", async () => {
    const before = await listFor("limit=200");
    const stored = await call<OfferResponse>(`/v1/offers/${before[0]?.hash}`);
    await indexer?.stop();
    indexer = await start();
    const after = await listFor("limit=200");
    expect(after.map((o) => o.hash).sort()).toEqual(before.map((o) => o.hash).sort());
    expect(new Set(after.map((o) => o.hash)).size).toBe(after.length);
    // Resubmitting after the restart is still a no-op.
    const again = await post<OfferResponse>({
      kind: "offer",
      offer: stored.body.offer,
      signature: stored.body.signature,
    });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
  }, 120_000);

  it("keeps every acknowledged offer when the process is SIGKILLed right after answering", async () => {
    const before = new Set((await listFor("limit=200")).map((o) => o.hash));
    // Submitted concurrently (the book commits them in groups), then killed without any shutdown.
    const acknowledged = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submit(offer({ nonce: 9_000n + BigInt(i), aprBps: 900 + i, expiry: now + BigInt(365 * DAY) })),
      ),
    );
    await indexer?.kill();
    indexer = await start();
    const after = (await listFor("limit=200")).map((o) => o.hash);
    expect(new Set(after).size).toBe(after.length);
    for (const { hash } of acknowledged) expect(after).toContain(hash);
    expect(after.length).toBe(before.size + acknowledged.length);
  }, 180_000);
});
