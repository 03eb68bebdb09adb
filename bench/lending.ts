/**
 * Gas of the loan core's operations as the user pays them: receipt gasUsed on anvil (21,000 intrinsic +
 * calldata + execution), in a warm state — the parties, the offer and the collection have been used
 * before and another loan is live — with a 10% protocol fee and the production optimizer settings.
 */
import {
  DefaultMode,
  demoCollectionAbi,
  demoCollectionBytecode,
  deployments,
  type Loan,
  type LoanOffer,
  latestLoans,
  loanCoreAbi,
  loanCoreDomain,
  loanOfferTypes,
  Scope,
  wethAbi,
} from "@hypotheca/sdk";
import type { Account, Hash } from "viem";
import { parseEther } from "viem";
import { devnetAccounts } from "../devnet/src/accounts.ts";
import type { DevnetClients } from "../devnet/src/chain.ts";
import { benchChain } from "./chain.ts";

const DAY = 86_400;
const core = deployments[31337].loanCore.address;
const weth = deployments[31337].weth.address;

export async function measureLendingGas(clients: DevnetClients): Promise<Record<string, number>> {
  const { publicClient } = clients;
  const { deployer, lender, lender2, borrower } = devnetAccounts;
  const { send, warp } = benchChain(clients);
  const wallet = (account: Account) => clients.walletClient(account);
  const gas: Record<string, number> = {};

  // World: WETH allowed, 10% fee, a collection with ten tokens for the borrower, funded lenders.
  const owner = wallet(deployer);
  await send(
    await owner.writeContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "setCurrencyAllowed",
      args: [weth, true],
    }),
  );
  await send(
    await owner.writeContract({ address: core, abi: loanCoreAbi, functionName: "setProtocolFee", args: [1000] }),
  );
  const deployReceipt = await send(
    await owner.deployContract({
      abi: demoCollectionAbi,
      bytecode: demoCollectionBytecode,
      args: [deployer.address, "Bench Apes", "BAPE"],
    }),
  );
  const nft = deployReceipt.contractAddress as `0x${string}`;
  for (let id = 1n; id <= 10n; id++) {
    await send(
      await owner.writeContract({
        address: nft,
        abi: demoCollectionAbi,
        functionName: "mint",
        args: [borrower.address, id],
      }),
    );
  }
  for (const account of [lender, lender2, borrower]) {
    const w = wallet(account);
    await send(
      await w.writeContract({ address: weth, abi: wethAbi, functionName: "deposit", value: parseEther("100") }),
    );
    await send(
      await w.writeContract({ address: weth, abi: wethAbi, functionName: "approve", args: [core, 2n ** 256n - 1n] }),
    );
  }
  await send(
    await wallet(borrower).writeContract({
      address: nft,
      abi: demoCollectionAbi,
      functionName: "setApprovalForAll",
      args: [core, true],
    }),
  );

  const now = async () => Number((await publicClient.getBlock()).timestamp);
  const offerFrom = async (account: Account, overrides: Partial<LoanOffer> = {}): Promise<LoanOffer> => ({
    lender: account.address,
    collateral: nft,
    scope: Scope.Collection,
    tokenId: 0n,
    tokenSetRoot: `0x${"00".repeat(32)}`,
    collateralAmount: 0n,
    currency: weth,
    minPrincipal: parseEther("0.5"),
    maxPrincipal: parseEther("1"),
    capacity: parseEther("20"),
    aprBps: 1000,
    duration: 30 * DAY,
    gracePeriod: DAY,
    defaultMode: DefaultMode.Foreclose,
    expiry: BigInt((await now()) + 365 * DAY),
    nonce: 0n,
    ...overrides,
  });
  const sign = (account: Account, offer: LoanOffer) =>
    wallet(account).signTypedData({
      account,
      domain: loanCoreDomain(31337, core),
      types: loanOfferTypes,
      primaryType: "LoanOffer",
      message: offer,
    });
  const accept = async (offer: LoanOffer, signature: Hash, tokenId: bigint) => {
    const receipt = await send(
      await wallet(borrower).writeContract({
        address: core,
        abi: loanCoreAbi,
        functionName: "acceptOffer",
        args: [
          offer,
          signature,
          tokenId,
          parseEther("1"),
          [],
          "0x0000000000000000000000000000000000000000",
          "0x0000000000000000000000000000000000000000",
        ],
      }),
    );
    const [[loanId, loan]] = [...latestLoans(receipt.logs)] as [[bigint, Loan]];
    return { receipt, loanId, loan };
  };

  const offer = await offerFrom(lender);
  const signature = await sign(lender, offer);
  // Warm-up, so no measured operation is anyone's first: a loan that stays live (the core holds the
  // collection, both parties hold notes, the offer is partly used), one repaid (the treasury has
  // received fees) and one foreclosed (the lender holds an NFT of the collection).
  await accept(offer, signature, 10n);
  const warmRepaid = await accept(offer, signature, 9n);
  const warmForeclosed = await accept(offer, signature, 8n);
  await warp(32 * DAY);
  await send(
    await wallet(borrower).writeContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "repay",
      args: [warmRepaid.loanId, warmRepaid.loan],
    }),
  );
  await send(
    await wallet(lender).writeContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "foreclose",
      args: [warmForeclosed.loanId, warmForeclosed.loan, "0x0000000000000000000000000000000000000000"],
    }),
  );

  const repaid = await accept(offer, signature, 1n);
  gas["lending.acceptOffer.collection"] = Number(repaid.receipt.gasUsed);
  await warp(10 * DAY);
  gas["lending.repay.full"] = Number(
    (
      await send(
        await wallet(borrower).writeContract({
          address: core,
          abi: loanCoreAbi,
          functionName: "repay",
          args: [repaid.loanId, repaid.loan],
        }),
      )
    ).gasUsed,
  );

  const partial = await accept(offer, signature, 2n);
  await warp(10 * DAY);
  gas["lending.repay.partial"] = Number(
    (
      await send(
        await wallet(borrower).writeContract({
          address: core,
          abi: loanCoreAbi,
          functionName: "repayPartial",
          args: [partial.loanId, partial.loan, parseEther("0.5")],
        }),
      )
    ).gasUsed,
  );

  const defaulted = await accept(offer, signature, 3n);
  const refinanced = await accept(offer, signature, 4n);
  await warp(10 * DAY);
  const better = await offerFrom(lender2, { aprBps: 800 });
  gas["lending.refinance"] = Number(
    (
      await send(
        await wallet(borrower).writeContract({
          address: core,
          abi: loanCoreAbi,
          functionName: "refinance",
          args: [refinanced.loanId, refinanced.loan, better, await sign(lender2, better), parseEther("1"), []],
        }),
      )
    ).gasUsed,
  );
  await warp(22 * DAY);
  gas["lending.foreclose"] = Number(
    (
      await send(
        await wallet(lender).writeContract({
          address: core,
          abi: loanCoreAbi,
          functionName: "foreclose",
          args: [defaulted.loanId, defaulted.loan, "0x0000000000000000000000000000000000000000"],
        }),
      )
    ).gasUsed,
  );

  const openTerm = await offerFrom(lender, { duration: 0, nonce: 1n });
  const open = await accept(openTerm, await sign(lender, openTerm), 5n);
  await warp(4 * DAY);
  const called = await send(
    await wallet(lender).writeContract({
      address: core,
      abi: loanCoreAbi,
      functionName: "callLoan",
      args: [open.loanId, open.loan],
    }),
  );
  gas["lending.call"] = Number(called.gasUsed);
  const calledLoan = latestLoans(called.logs).get(open.loanId) as Loan;
  await warp(DAY);
  const ceiling = await publicClient.readContract({
    address: core,
    abi: loanCoreAbi,
    functionName: "refinancingCeiling",
    args: [calledLoan, BigInt(await now())],
  });
  gas["lending.auctionTakeover"] = Number(
    (
      await send(
        await wallet(lender2).writeContract({
          address: core,
          abi: loanCoreAbi,
          functionName: "auctionTakeover",
          args: [open.loanId, calledLoan, Number(ceiling)],
        }),
      )
    ).gasUsed,
  );
  return gas;
}
