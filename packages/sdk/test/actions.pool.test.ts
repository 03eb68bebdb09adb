import { erc721Abi, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  borrowFromPool,
  buyPoolAuction,
  claimFromPool,
  deployments,
  depositToPool,
  floorOracleAbi,
  getBorrowFromPoolRequirements,
  getBuyPoolAuctionRequirements,
  getDepositToPoolRequirements,
  getLoan,
  getPoolAuction,
  getPoolClaimable,
  getPoolLoanHealthFactor,
  getPoolMaxBorrow,
  getRedeemPoolLoanRequirements,
  getRepayPoolLoanRequirements,
  getWithdrawFromPoolRequirements,
  lendingPoolAbi,
  redeemPoolLoan,
  redeemPoolShares,
  redemptionCost,
  repayPoolLoan,
  restartPoolAuction,
  sendRequirements,
  startPoolLiquidation,
  withdrawFromPool,
} from "../src/index.ts";
import { actionClients, fundWeth, reverted, travel } from "./devnet.ts";

const { loanCore, weth, lendingPool, floorOracle } = deployments[31337];
const HOUR = 3600;
let chain: DevnetChain;
let clients: ReturnType<typeof makeClients>;
let apes: `0x${string}`;

function makeClients(rpcUrl: string) {
  const base = actionClients(rpcUrl);
  return {
    ...base,
    user: base.wallet(devnetAccounts.user),
    keeper: base.wallet(devnetAccounts.lender2),
    feeders: devnetAccounts.floorFeeders.map(base.wallet),
  };
}

async function floor(): Promise<bigint> {
  const [price] = await clients.publicClient.readContract({
    address: floorOracle.address,
    abi: floorOracleAbi,
    functionName: "latestPrice",
    args: [apes],
  });
  return price;
}
/**
 * Three feeders report `price`: a new accepted value at the third report. Waiting out the oracle's 1 h
 * report age first drops every earlier report, so no leftover joins the quorum.
 */
async function report(price: bigint) {
  await travel(clients, HOUR + 1);
  for (const feeder of clients.feeders.slice(0, 3)) {
    const hash = await feeder.writeContract({
      address: floorOracle.address,
      abi: floorOracleAbi,
      functionName: "submit",
      args: [apes, price],
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
  }
}

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = makeClients(chain.rpcUrl);
  apes = chain.collections[0]?.address ?? zeroAddress;
  await fundWeth(clients, [clients.user, clients.keeper]);
}, 180_000);
afterAll(async () => {
  await chain?.anvil.stop();
});

describe("pool: deposit -> borrow -> repay -> withdraw", () => {
  it("runs each step with exactly the missing approvals", async () => {
    const { user, publicClient } = clients;
    const account = user.account;
    const depositNeeds = await getDepositToPoolRequirements(publicClient, { assets: parseEther("10"), account });
    expect(depositNeeds).toMatchObject([
      { kind: "erc20Allowance", token: weth.address, spender: lendingPool.address, amount: parseEther("10") },
    ]);
    await sendRequirements(user, depositNeeds);
    expect(await getDepositToPoolRequirements(publicClient, { assets: parseEther("10"), account })).toEqual([]);
    const deposited = await depositToPool(user, { assets: parseEther("10") });
    expect(deposited.assets).toBe(parseEther("10"));
    expect(deposited.shares).toBeGreaterThan(0n);

    const borrowNeeds = await getBorrowFromPoolRequirements(publicClient, { collateral: apes, tokenId: 1n, account });
    expect(borrowNeeds).toMatchObject([
      { kind: "erc721Approval", collection: apes, tokenId: 1n, spender: loanCore.address },
    ]);
    await sendRequirements(user, borrowNeeds);
    expect(await getBorrowFromPoolRequirements(publicClient, { collateral: apes, tokenId: 1n, account })).toEqual([]);
    const borrowed = await borrowFromPool(user, { collateral: apes, tokenId: 1n, principal: parseEther("2") });
    expect(borrowed.loan).toMatchObject({ collateral: apes, tokenId: 1n, principal: parseEther("2"), defaultMode: 2 });
    expect(borrowed.value).toBeGreaterThan(parseEther("12"));
    expect(await getLoan(publicClient, { loanId: borrowed.loanId })).toEqual(borrowed.loan);

    // Above the LTV: the pool's own error, through LoanCore.
    const tooMuch = await reverted(
      borrowFromPool(user, { collateral: apes, tokenId: 2n, principal: parseEther("50") }),
    );
    expect(tooMuch.errorName).toBe("PrincipalAboveLimit");

    // An hour of interest, so the depositor's gain is not lost in ERC-4626 rounding (blocks mined in the
    // same second accrue nothing).
    await travel(clients, 3_600);
    const repayNeeds = await getRepayPoolLoanRequirements(publicClient, { ...borrowed, account });
    expect(repayNeeds).toMatchObject([{ kind: "erc20Allowance", spender: loanCore.address }]);
    await sendRequirements(user, repayNeeds);
    const repaid = await repayPoolLoan(user, { loanId: borrowed.loanId, loan: borrowed.loan });
    expect(repaid.collateralTo).toBe(account.address);
    expect(repaid.received).toBeGreaterThanOrEqual(parseEther("2"));

    expect(await getWithdrawFromPoolRequirements(publicClient, { account, assets: parseEther("5") })).toEqual([]);
    const withdrawn = await withdrawFromPool(user, { assets: parseEther("5") });
    expect(withdrawn.assets).toBe(parseEther("5"));
    const shares = await publicClient.readContract({
      address: lendingPool.address,
      abi: lendingPoolAbi,
      functionName: "balanceOf",
      args: [account.address],
    });
    const redeemed = await redeemPoolShares(user, { shares });
    expect(redeemed.shares).toBe(shares);
    // Interest earned while lent: the depositor leaves with more than it put in.
    expect(withdrawn.assets + redeemed.assets).toBeGreaterThan(parseEther("10"));
  });
});

describe("pool: liquidation", () => {
  it("refuses a healthy loan, liquidates it after a price drop, and the borrower redeems", async () => {
    const { user, keeper, publicClient } = clients;
    const account = user.account;
    await sendRequirements(
      user,
      await getBorrowFromPoolRequirements(publicClient, { collateral: apes, tokenId: 2n, account }),
    );
    const principal = await getPoolMaxBorrow(publicClient, { collateral: apes, tokenId: 2n });
    const borrowed = await borrowFromPool(user, { collateral: apes, tokenId: 2n, principal });

    const healthy = await reverted(startPoolLiquidation(keeper, borrowed));
    expect(healthy.errorName).toBe("LoanHealthy");
    expect(healthy.contract).toBe(lendingPool.address);
    expect(healthy.shortMessage).toContain("healthy");

    // The floor falls 10% per accepted value (the oracle's cap) and stays there past the 6 h TWAP window.
    const before = await floor();
    for (let step = 0; step < 5; step++) await report(((await floor()) * 9n) / 10n);
    expect(await floor()).toBeLessThan((before * 6n) / 10n);
    await travel(clients, 7 * HOUR);
    expect(await getPoolLoanHealthFactor(publicClient, borrowed)).toBeLessThan(parseEther("1"));

    // Meanwhile nobody reported for 7 h: the floor is stale and the oracle's error surfaces through
    // LoanCore.borrowFrom -> pool -> oracle.
    await sendRequirements(
      user,
      await getBorrowFromPoolRequirements(publicClient, { collateral: apes, tokenId: 3n, account }),
    );
    const stale = await reverted(borrowFromPool(user, { collateral: apes, tokenId: 3n, principal: parseEther("1") }));
    expect(stale.errorName).toBe("StalePrice");
    expect(stale.contract).toBe(loanCore.address);
    expect(stale.declaredBy).toContain("FloorOracle");
    expect(stale.shortMessage).toContain("stale");

    const liquidation = await startPoolLiquidation(keeper, borrowed);
    expect(liquidation.healthFactor).toBeLessThan(parseEther("1"));
    expect(liquidation.auction.starter).toBe(keeper.account.address);
    expect(await getPoolAuction(publicClient, { loanId: borrowed.loanId })).toEqual(liquidation.auction);

    const redeemNeeds = await getRedeemPoolLoanRequirements(publicClient, { ...liquidation, account });
    expect(redeemNeeds).toMatchObject([
      { kind: "erc20Allowance", spender: lendingPool.address, amount: redemptionCost(liquidation.auction).total },
    ]);
    await sendRequirements(user, redeemNeeds);
    const redeemed = await redeemPoolLoan(user, liquidation);
    expect(redeemed.debt + redeemed.penalty).toBe(redemptionCost(liquidation.auction).total);
    expect(
      await publicClient.readContract({ address: apes, abi: erc721Abi, functionName: "ownerOf", args: [2n] }),
    ).toBe(account.address);
  });

  it("liquidates an overdue loan, restarts its unsold auction, sells it and pays the surplus out by claim", async () => {
    const { user, keeper, publicClient } = clients;
    const account = user.account;
    await report(await floor()); // a fresh floor for new borrowing
    const borrowed = await borrowFromPool(user, {
      collateral: apes,
      tokenId: 3n,
      principal: parseEther("1"),
      duration: HOUR,
    });
    await travel(clients, HOUR + 1);
    const liquidation = await startPoolLiquidation(keeper, borrowed);
    await travel(clients, 12 * HOUR + 1);
    const restarted = await restartPoolAuction(keeper, liquidation);
    expect(restarted.auction.round).toBe(1);
    expect(restarted.auction.startPrice).toBe(liquidation.auction.floorPrice);

    const auction = { loanId: borrowed.loanId, auction: restarted.auction };
    const buyNeeds = await getBuyPoolAuctionRequirements(publicClient, { ...auction, account: keeper.account });
    expect(buyNeeds).toMatchObject([
      { kind: "erc20Allowance", owner: keeper.account.address, spender: lendingPool.address },
    ]);
    await sendRequirements(keeper, buyNeeds);
    const sold = await buyPoolAuction(keeper, auction);
    expect(sold.surplus).toBeGreaterThan(0n);
    expect(sold.toPool).toBe(restarted.auction.debt);

    expect(await getPoolClaimable(publicClient, { account: account.address })).toBe(sold.surplus);
    const claimed = await claimFromPool(user);
    expect(claimed.amount).toBe(sold.surplus);
    const nothing = await reverted(claimFromPool(user));
    expect(nothing.errorName).toBe("NothingToClaim");
  });
});
