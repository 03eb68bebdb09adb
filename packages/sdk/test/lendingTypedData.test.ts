import { hashTypedData, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  borrowRequestTypes,
  DefaultMode,
  deployments,
  type LoanOffer,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  renegotiationTypes,
  Scope,
} from "../src/index.ts";

const core = deployments[31337].loanCore.address;
let chain: DevnetChain;
let clients: ReturnType<typeof devnetClients>;

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = devnetClients(chain.rpcUrl);
});
afterAll(async () => {
  await chain?.anvil.stop();
});

// The SDK's EIP-712 definitions must hash exactly as LoanCore does, or every signature is useless.
describe("EIP-712 parity with LoanCore", () => {
  const domain = loanCoreDomain(31337, core);

  it("hashes a loan offer like hashOffer", async () => {
    const offer: LoanOffer = {
      lender: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      collateral: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      scope: Scope.TokenSet,
      tokenId: 7n,
      tokenSetRoot: `0x${"ab".repeat(32)}`,
      collateralAmount: 0n,
      currency: deployments[31337].weth.address,
      minPrincipal: parseEther("0.5"),
      maxPrincipal: parseEther("1"),
      capacity: parseEther("10"),
      aprBps: 1234,
      duration: 30 * 86_400,
      gracePeriod: 86_400,
      defaultMode: DefaultMode.Auction,
      expiry: 2_000_000_000n,
      nonce: 42n,
    };
    const onChain = await clients.publicClient.readContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "hashOffer",
      args: [offer],
    });
    expect(hashTypedData({ domain, types: loanOfferTypes, primaryType: "LoanOffer", message: offer })).toBe(onChain);
  });

  it("hashes a borrow request like hashRequest", async () => {
    const request = {
      borrower: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      collateral: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      tokenId: 3n,
      collateralAmount: 2n,
      currency: deployments[31337].weth.address,
      minPrincipal: parseEther("1"),
      maxAprBps: 2000,
      duration: 0,
      gracePeriod: 0,
      defaultMode: DefaultMode.Foreclose,
      delegate: zeroAddress,
      expiry: 2_000_000_000n,
      nonce: 1n,
    } as const;
    const onChain = await clients.publicClient.readContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "hashRequest",
      args: [request],
    });
    expect(hashTypedData({ domain, types: borrowRequestTypes, primaryType: "BorrowRequest", message: request })).toBe(
      onChain,
    );
  });

  it("hashes a renegotiation like hashRenegotiation", async () => {
    const terms = {
      loanId: 9n,
      loanHash: `0x${"cd".repeat(32)}`,
      aprBps: 900,
      duration: 60 * 86_400,
      gracePeriod: 3600,
      expiry: 2_000_000_000n,
      nonce: 5n,
    } as const;
    const onChain = await clients.publicClient.readContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "hashRenegotiation",
      args: [terms],
    });
    expect(hashTypedData({ domain, types: renegotiationTypes, primaryType: "Renegotiation", message: terms })).toBe(
      onChain,
    );
  });
});
