/**
 * Gas of the floor oracle and the WETH lending pool as the user pays it: receipt gasUsed on anvil (21,000
 * intrinsic + calldata + execution), warm — feeders have reported before, the pool has depositors and
 * live loans, the collection has been escrowed and auctioned before — with a 10% protocol fee.
 */
import {
  demoCollectionAbi,
  demoCollectionBytecode,
  deployments,
  floorOracleAbi,
  type Loan,
  latestLoans,
  lendingPoolAbi,
  loanCoreAbi,
  wethAbi,
} from "@hypotheca/sdk";
import type { Account, Address, TransactionReceipt } from "viem";
import { parseEther, parseEventLogs, zeroAddress } from "viem";
import { devnetAccounts } from "../devnet/src/accounts.ts";
import type { DevnetClients } from "../devnet/src/chain.ts";
import { oracleRules, poolRisk } from "../devnet/src/demo/poolDefaults.ts";
import { benchChain } from "./chain.ts";

const DAY = 86_400;
const { loanCore: core, weth, floorOracle: oracle, lendingPool: pool } = deployments[31337];
const MANAGED = 2;

export async function measurePoolGas(clients: DevnetClients): Promise<Record<string, number>> {
  const { publicClient } = clients;
  const { deployer, lender, lender2, borrower, floorFeeders } = devnetAccounts;
  const { send, warp } = benchChain(clients);
  const gas: Record<string, number> = {};
  // One call signature for every contract keeps the scenario readable; viem checks args at runtime.
  // biome-ignore lint/suspicious/noExplicitAny: abi/functionName pairs are checked by the contracts.
  const write = async (account: Account, call: any) => send(await clients.walletClient(account).writeContract(call));

  // World: WETH allowed, 10% fee, a collection listed in the oracle (5 feeders) and the pool.
  await write(deployer, {
    address: core.address,
    abi: loanCoreAbi,
    functionName: "setCurrencyAllowed",
    args: [weth.address, true],
  });
  await write(deployer, { address: core.address, abi: loanCoreAbi, functionName: "setProtocolFee", args: [1000] });
  const deployed = await send(
    await clients.walletClient(deployer).deployContract({
      abi: demoCollectionAbi,
      bytecode: demoCollectionBytecode,
      args: [deployer.address, "Pool Apes", "PAPE"],
    }),
  );
  const nft = deployed.contractAddress as Address;
  for (let id = 1n; id <= 6n; id++) {
    await write(deployer, { address: nft, abi: demoCollectionAbi, functionName: "mint", args: [borrower.address, id] });
  }
  await write(borrower, {
    address: nft,
    abi: demoCollectionAbi,
    functionName: "setApprovalForAll",
    args: [core.address, true],
  });
  await write(deployer, {
    address: oracle.address,
    abi: floorOracleAbi,
    functionName: "configure",
    args: [nft, oracleRules],
  });
  for (const feeder of floorFeeders) {
    await write(deployer, {
      address: oracle.address,
      abi: floorOracleAbi,
      functionName: "setFeeder",
      args: [nft, feeder.address, true],
    });
  }
  await write(deployer, {
    address: pool.address,
    abi: lendingPoolAbi,
    functionName: "setCollectionConfig",
    args: [nft, poolRisk(parseEther("500"))],
  });

  // Each round: every feeder reports, a fresh quorum forms at the third report; rounds 10 min apart.
  const round = async (floor: bigint) => {
    const receipts: TransactionReceipt[] = [];
    for (const feeder of floorFeeders) {
      receipts.push(
        await write(feeder, {
          address: oracle.address,
          abi: floorOracleAbi,
          functionName: "submit",
          args: [nft, floor],
        }),
      );
    }
    await warp(oracleRules.minSpacing);
    return receipts;
  };
  for (let i = 0; i < 3; i++) await round(parseEther("50"));
  // Reports left over from one round count toward the next, so which report completes a quorum varies:
  // tell them apart by the PriceUpdated event.
  const updated = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: floorOracleAbi, logs: receipt.logs, eventName: "PriceUpdated" }).length > 0;
  const measured = await round(parseEther("50.5"));
  gas["oracle.submit"] = Number(measured.find((r) => !updated(r))?.gasUsed);
  gas["oracle.update"] = Number(measured.find(updated)?.gasUsed);

  for (const account of [lender, lender2, borrower]) {
    await write(account, { address: weth.address, abi: wethAbi, functionName: "deposit", value: parseEther("300") });
    await write(account, {
      address: weth.address,
      abi: wethAbi,
      functionName: "approve",
      args: [pool.address, 2n ** 256n - 1n],
    });
    await write(account, {
      address: weth.address,
      abi: wethAbi,
      functionName: "approve",
      args: [core.address, 2n ** 256n - 1n],
    });
  }
  const deposit = (account: Account, amount: string) =>
    write(account, {
      address: pool.address,
      abi: lendingPoolAbi,
      functionName: "deposit",
      args: [parseEther(amount), account.address],
    });
  await deposit(lender, "100");
  await deposit(lender2, "50");
  gas["pool.deposit"] = Number((await deposit(lender, "100")).gasUsed);

  const borrow = async (tokenId: bigint, principal: bigint) => {
    const aprBps = await publicClient.readContract({
      address: pool.address,
      abi: lendingPoolAbi,
      functionName: "quote",
      args: [principal],
    });
    const terms = {
      collateral: nft,
      tokenId,
      collateralAmount: 0n,
      currency: weth.address,
      principal,
      aprBps: Number(aprBps),
      duration: 30 * DAY,
      gracePeriod: 0,
      defaultMode: MANAGED,
      delegate: zeroAddress,
    };
    const receipt = await write(borrower, {
      address: core.address,
      abi: loanCoreAbi,
      functionName: "borrowFrom",
      args: [pool.address, terms, "0x"],
    });
    const [[loanId, loan]] = [...latestLoans(receipt.logs)] as [[bigint, Loan]];
    return { receipt, loanId, loan };
  };
  const repay = (loanId: bigint, loan: Loan) =>
    write(borrower, { address: core.address, abi: loanCoreAbi, functionName: "repay", args: [loanId, loan] });

  // Warm-up: a loan repaid with interest (the pool holds reserves, the treasury fees) and one that stays
  // live; the oracle is kept fresh for borrowing (2 h staleness).
  const warm = await borrow(1n, parseEther("10"));
  await warp(DAY);
  await repay(warm.loanId, warm.loan);
  await round(parseEther("50"));
  await borrow(2n, parseEther("10"));

  const measuredBorrow = await borrow(3n, parseEther("15"));
  gas["pool.borrow"] = Number(measuredBorrow.receipt.gasUsed);
  await warp(DAY);
  gas["pool.repay.full"] = Number((await repay(measuredBorrow.loanId, measuredBorrow.loan)).gasUsed);

  // Liquidations: two loans at the maximum LTV, then the floor falls 45% (10% per value, one value per
  // 10 min) and stays there until the 6 h TWAP catches up and the health factors are below 1. The first
  // is liquidated and sold as a warm-up (the pool has run an auction before), the second measured.
  await round(parseEther("50"));
  const first = await borrow(4n, parseEther("20"));
  const second = await borrow(5n, parseEther("20"));
  for (let floor = 50; floor > 27.5; floor = Math.max(27.5, floor * 0.9)) {
    await round(parseEther(floor.toFixed(4)));
  }
  for (let i = 0; i < 36; i++) await round(parseEther("27.5"));
  const liquidate = async (loanId: bigint, loan: Loan) => {
    const receipt = await write(lender2, {
      address: pool.address,
      abi: lendingPoolAbi,
      functionName: "startLiquidation",
      args: [loanId, loan],
    });
    const [event] = parseEventLogs({ abi: lendingPoolAbi, logs: receipt.logs, eventName: "LiquidationStarted" });
    if (!event) throw new Error("no LiquidationStarted event");
    return { receipt, auction: event.args.auction };
  };
  const buy = (loanId: bigint, auction: { startPrice: bigint }) =>
    write(lender2, {
      address: pool.address,
      abi: lendingPoolAbi,
      functionName: "buy",
      args: [loanId, auction, auction.startPrice, zeroAddress],
    });
  const warmAuction = await liquidate(first.loanId, first.loan);
  const measuredAuction = await liquidate(second.loanId, second.loan);
  gas["pool.liquidation.start"] = Number(measuredAuction.receipt.gasUsed);
  await warp(3 * 3600);
  await buy(first.loanId, warmAuction.auction);
  gas["pool.auction.buy"] = Number((await buy(second.loanId, measuredAuction.auction)).gasUsed);
  return gas;
}
