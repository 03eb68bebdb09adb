import { type Account, type Address, type Hex, maxUint256, parseEther, zeroAddress, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  type BorrowRequest,
  borrowRequestTypes,
  DefaultMode,
  deployments,
  type LoanOffer,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  Scope,
  validateBorrowRequest,
  validateLoanOffer,
  wethAbi,
} from "../src/index.ts";

const { loanCore, weth, lendingPool } = deployments[31337];
const { lender, lender2, borrower, user } = devnetAccounts;
const DAY = 86_400;

let chain: DevnetChain;
let clients: ReturnType<typeof devnetClients>;
let nft: Address;
let now: bigint;

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = devnetClients(chain.rpcUrl);
  nft = chain.collections[0]?.address ?? zeroAddress;
  // The demo lenders put their WETH in the pool: wrap fresh WETH and approve LoanCore for 10.
  for (const account of [lender, lender2]) {
    await write(account, { address: weth.address, abi: wethAbi, functionName: "deposit", value: parseEther("20") });
    await write(account, {
      address: weth.address,
      abi: wethAbi,
      functionName: "approve",
      args: [loanCore.address, parseEther("10")],
    });
  }
  now = (await clients.publicClient.getBlock()).timestamp;
});
afterAll(async () => {
  await chain?.anvil.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: abi/functionName pairs are checked by viem at runtime.
async function write(account: Account, call: any) {
  const hash = await clients.walletClient(account).writeContract(call);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted`);
}

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
    maxPrincipal: parseEther("4"),
    capacity: parseEther("6"),
    aprBps: 1200,
    duration: 30 * DAY,
    gracePeriod: DAY,
    defaultMode: DefaultMode.Foreclose,
    expiry: now + BigInt(7 * DAY),
    nonce: 1n,
    ...overrides,
  };
}

async function signOffer(message: LoanOffer, account: Account = lender, chainId = 31337): Promise<Hex> {
  return clients.walletClient(account).signTypedData({
    account,
    domain: loanCoreDomain(chainId, loanCore.address),
    types: loanOfferTypes,
    primaryType: "LoanOffer",
    message,
  });
}

const codes = (result: { problems: { code: string }[] }) => result.problems.map((p) => p.code).sort();

describe("validateLoanOffer", () => {
  it("accepts a funded offer and reports what a borrower can get", async () => {
    const message = offer();
    const result = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature: await signOffer(message),
    });
    expect(result.problems).toEqual([]);
    expect(result.usable).toBe(true);
    expect(result.remainingCapacity).toBe(parseEther("6"));
    // min(maxPrincipal 4, capacity 6, balance 20, allowance 10)
    expect(result.fundablePrincipal).toBe(parseEther("4"));
    const onChain = await clients.publicClient.readContract({
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "hashOffer",
      args: [message],
    });
    expect(result.offerHash).toBe(onChain);
  });

  it("recovers the same signer through the node's ecrecover", async () => {
    const message = offer();
    const good = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature: await signOffer(message),
      signatureRecovery: "rpc",
    });
    expect(good.usable).toBe(true);
    const bad = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature: await signOffer(message, lender2),
      signatureRecovery: "rpc",
    });
    expect(codes(bad)).toEqual(["BAD_SIGNATURE"]);
  });

  it.each([
    ["another signer", async (m: LoanOffer) => signOffer(m, lender2)],
    ["another chain's domain", async (m: LoanOffer) => signOffer(m, lender, 1)],
    ["garbage", async () => "0x1234" as Hex],
    [
      "a high-s twin of a valid signature",
      async (m: LoanOffer) => {
        const signature = await signOffer(m);
        const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
        const s = n - BigInt(`0x${signature.slice(66, 130)}`);
        const v = signature.endsWith("1b") ? "1c" : "1b";
        return `${signature.slice(0, 66)}${s.toString(16).padStart(64, "0")}${v}` as Hex;
      },
    ],
  ])("reports BAD_SIGNATURE for %s", async (_, sign) => {
    const message = offer();
    const result = await validateLoanOffer(clients.publicClient, { offer: message, signature: await sign(message) });
    expect(result.usable).toBe(false);
    expect(codes(result)).toEqual(["BAD_SIGNATURE"]);
  });

  it("reports terms LoanCore always rejects", async () => {
    const message = offer({
      defaultMode: DefaultMode.Managed,
      minPrincipal: parseEther("5"),
      maxPrincipal: parseEther("4"),
      aprBps: 1_000_000,
      scope: Scope.TokenSet,
    });
    const result = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature: await signOffer(message),
    });
    expect(result.problems.filter((p) => p.code === "INVALID_TERMS").map((p) => p.field)).toEqual([
      "tokenSetRoot",
      "defaultMode",
      "minPrincipal",
      "aprBps",
    ]);
  });

  it("reports expiry, a currency LoanCore does not allow, and an unfunded lender", async () => {
    const message = offer({ expiry: now - 1n, currency: lendingPool.address, lender: user.address });
    const result = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature: await signOffer(message, user),
    });
    expect(codes(result)).toEqual([
      "CURRENCY_NOT_ALLOWED",
      "EXPIRED",
      "INSUFFICIENT_ALLOWANCE",
      "INSUFFICIENT_BALANCE",
    ]);
    expect(result.fundablePrincipal).toBe(0n);
  });

  it("checks an asked principal against the range, capacity and funds", async () => {
    const message = offer();
    const signature = await signOffer(message);
    const tooMuch = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature,
      principal: parseEther("5"),
    });
    expect(codes(tooMuch)).toEqual(["PRINCIPAL_OUT_OF_RANGE"]);
    const fine = await validateLoanOffer(clients.publicClient, {
      offer: message,
      signature,
      principal: parseEther("2"),
    });
    expect(fine.usable).toBe(true);
  });

  it("follows acceptOffer (capacity), cancelOffer and cancelNoncesBelow on chain", async () => {
    const message = offer({ nonce: 5n, capacity: parseEther("4.5") });
    const signature = await signOffer(message);
    await write(borrower, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "acceptOffer",
      args: [message, signature, 7n, parseEther("4"), [], zeroAddress, zeroAddress],
    });
    const drained = await validateLoanOffer(clients.publicClient, { offer: message, signature });
    expect(codes(drained)).toEqual(["CAPACITY_EXHAUSTED"]);
    expect(drained.remainingCapacity).toBe(parseEther("0.5"));
    expect(drained.state.used).toBe(parseEther("4"));

    const other = offer({ nonce: 6n });
    const otherSignature = await signOffer(other);
    await write(lender, { address: loanCore.address, abi: loanCoreAbi, functionName: "cancelOffer", args: [other] });
    const cancelled = await validateLoanOffer(clients.publicClient, { offer: other, signature: otherSignature });
    expect(codes(cancelled)).toEqual(["CANCELLED"]);
    expect(cancelled.state.used).toBe(maxUint256);

    const third = offer({ nonce: 9n });
    const before = await validateLoanOffer(clients.publicClient, { offer: third, signature: await signOffer(third) });
    expect(before.usable).toBe(true);
    await write(lender, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "cancelNoncesBelow",
      args: [10n],
    });
    const after = await validateLoanOffer(clients.publicClient, { offer: third, signature: await signOffer(third) });
    expect(codes(after)).toEqual(["NONCE_CANCELLED"]);
    // The earlier block still shows it usable: every read is pinned to one block.
    const pinned = await validateLoanOffer(clients.publicClient, {
      offer: third,
      signature: await signOffer(third),
      block: before.block,
    });
    expect(pinned.usable).toBe(true);
  });
});

describe("validateBorrowRequest", () => {
  function request(overrides: Partial<BorrowRequest> = {}): BorrowRequest {
    return {
      borrower: borrower.address,
      collateral: nft,
      tokenId: 8n,
      collateralAmount: 0n,
      currency: weth.address,
      minPrincipal: parseEther("1"),
      maxAprBps: 2000,
      duration: 30 * DAY,
      gracePeriod: DAY,
      defaultMode: DefaultMode.Auction,
      delegate: zeroAddress,
      expiry: now + BigInt(7 * DAY),
      nonce: 1n,
      ...overrides,
    };
  }
  const sign = (message: BorrowRequest, account: Account = borrower) =>
    clients.walletClient(account).signTypedData({
      account,
      domain: loanCoreDomain(31337, loanCore.address),
      types: borrowRequestTypes,
      primaryType: "BorrowRequest",
      message,
    });

  it("accepts a request on an owned, approved token, then reports it used once filled", async () => {
    const message = request();
    const signature = await sign(message);
    const result = await validateBorrowRequest(clients.publicClient, { request: message, signature });
    expect(result.problems).toEqual([]);
    expect(result.fundablePrincipal).toBe(parseEther("1"));

    await write(lender, {
      address: loanCore.address,
      abi: loanCoreAbi,
      functionName: "fillRequest",
      args: [message, signature, parseEther("1"), 1500, zeroAddress],
    });
    const filled = await validateBorrowRequest(clients.publicClient, { request: message, signature });
    // The token is now in escrow, so the borrower no longer holds it either.
    expect(codes(filled)).toEqual(["NOT_OWNER", "REQUEST_USED"]);
  });

  it("reports a token the borrower does not hold or has not approved, and bad terms", async () => {
    const notOwned = request({ tokenId: 1n });
    expect(
      codes(await validateBorrowRequest(clients.publicClient, { request: notOwned, signature: await sign(notOwned) })),
    ).toEqual(["NOT_OWNER"]);
    const otherCollection = chain.collections[1]?.address ?? zeroAddress;
    const notApproved = request({ collateral: otherCollection, defaultMode: DefaultMode.Managed });
    const result = await validateBorrowRequest(clients.publicClient, {
      request: notApproved,
      signature: await sign(notApproved, lender),
    });
    expect(codes(result)).toEqual(["BAD_SIGNATURE", "INVALID_TERMS", "NOT_APPROVED"]);
  });
});
