import { erc721Abi, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  acceptLoanOffer,
  auctionTakeoverLoan,
  buyDefaultSale,
  CloseReason,
  callLoan,
  cancelLoanOffer,
  cancelNonces,
  createBorrowRequest,
  createLoanOffer,
  createRenegotiation,
  DefaultMode,
  deployments,
  fillBorrowRequest,
  forecloseLoan,
  getAcceptLoanOfferRequirements,
  getAuctionTakeoverLoanRequirements,
  getBuyDefaultSaleRequirements,
  getCreateBorrowRequestRequirements,
  getCreateLoanOfferRequirements,
  getFillBorrowRequestRequirements,
  getLoan,
  getRefinanceLoanRequirements,
  getRepayLoanPartialRequirements,
  getRepayLoanRequirements,
  getTakeOverLoanRequirements,
  hashLoan,
  hashLoanOffer,
  InvalidInputError,
  LoanNotLiveError,
  loanCoreAbi,
  refinanceLoan,
  renegotiateLoan,
  repayLoan,
  repayLoanPartial,
  sendRequirements,
  setLoanDelegate,
  startDefaultSale,
  takeOverLoan,
} from "../src/index.ts";
import { actionClients, fundWeth, reverted, travel } from "./devnet.ts";

const { loanCore, weth } = deployments[31337];
const DAY = 86_400;
let chain: DevnetChain;
let clients: ReturnType<typeof makeClients>;
let punks: `0x${string}`;

function makeClients(rpcUrl: string) {
  const base = actionClients(rpcUrl);
  return {
    ...base,
    user: base.wallet(devnetAccounts.user),
    lender: base.wallet(devnetAccounts.lender),
    lender2: base.wallet(devnetAccounts.lender2),
  };
}

async function chainNow() {
  return (await clients.publicClient.getBlock()).timestamp;
}

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = makeClients(chain.rpcUrl);
  punks = chain.collections[1]?.address ?? zeroAddress;
  // Everyone lends or repays in WETH.
  await fundWeth(clients, [clients.user, clients.lender, clients.lender2]);
}, 180_000);
afterAll(async () => {
  await chain?.anvil.stop();
});

describe("offer -> accept -> partial -> repay", () => {
  it("lists exactly the missing approvals, then runs the loan end to end", async () => {
    const { user, lender, publicClient } = clients;
    const { offer, signature, offerHash } = await createLoanOffer(lender, {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("2"),
      aprBps: 1000,
      duration: 30 * DAY,
      scope: 1, // any Punk
      now: await chainNow(),
    });
    expect(offerHash).toBe(
      await publicClient.readContract({
        address: loanCore.address,
        abi: loanCoreAbi,
        functionName: "hashOffer",
        args: [offer],
      }),
    );

    const lenderNeeds = await getCreateLoanOfferRequirements(publicClient, { offer });
    expect(lenderNeeds).toMatchObject([
      {
        kind: "erc20Allowance",
        token: weth.address,
        owner: lender.account.address,
        spender: loanCore.address,
        amount: parseEther("2"),
      },
    ]);
    await sendRequirements(lender, lenderNeeds);
    expect(await getCreateLoanOfferRequirements(publicClient, { offer })).toEqual([]);

    const acceptParameters = { offer, tokenId: 1n, account: user.account } as const;
    const borrowerNeeds = await getAcceptLoanOfferRequirements(publicClient, acceptParameters);
    expect(borrowerNeeds).toMatchObject([
      { kind: "erc721Approval", collection: punks, tokenId: 1n, spender: loanCore.address },
    ]);
    await sendRequirements(user, borrowerNeeds);
    expect(await getAcceptLoanOfferRequirements(publicClient, acceptParameters)).toEqual([]);

    const started = await acceptLoanOffer(user, { offer, signature, tokenId: 1n });
    expect(started.loan).toMatchObject({ collateral: punks, tokenId: 1n, principal: parseEther("2"), aprBps: 1000 });
    expect(started.borrower).toBe(user.account.address);
    expect(await getLoan(publicClient, { loanId: started.loanId })).toEqual(started.loan);

    // The offer's capacity is spent: a second borrower is told so, before anything is sent.
    await sendRequirements(
      user,
      await getAcceptLoanOfferRequirements(publicClient, { ...acceptParameters, tokenId: 2n }),
    );
    const overCapacity = await reverted(acceptLoanOffer(user, { offer, signature, tokenId: 2n }));
    expect(overCapacity.errorName).toBe("CapacityExceeded");
    expect(overCapacity.contract).toBe(loanCore.address);
    expect(overCapacity.shortMessage).toContain("capacity");

    const amount = parseEther("0.5");
    const partialNeeds = await getRepayLoanPartialRequirements(publicClient, {
      ...started,
      amount,
      account: user.account,
    });
    expect(partialNeeds).toMatchObject([{ kind: "erc20Allowance", amount }]);
    await sendRequirements(user, partialNeeds);
    const partial = await repayLoanPartial(user, { loanId: started.loanId, loan: started.loan, amount });
    expect(partial.loan?.principal).toBe(parseEther("2") - partial.principal);
    expect(partial.interest + partial.principal).toBe(amount);

    // The old struct no longer hashes to the stored one.
    const stale = await reverted(repayLoan(user, { loanId: started.loanId, loan: started.loan }));
    expect(stale.errorName).toBe("LoanHashMismatch");
    expect(stale.shortMessage).toContain("getLoan");
    const current = await getLoan(publicClient, { loanId: started.loanId });
    expect(hashLoan(current)).toBe(hashLoan(partial.loan ?? current));

    const repayNeeds = await getRepayLoanRequirements(publicClient, {
      loanId: started.loanId,
      loan: current,
      account: user.account,
    });
    expect(repayNeeds).toHaveLength(1);
    await sendRequirements(user, repayNeeds);
    expect(
      await getRepayLoanRequirements(publicClient, { loanId: started.loanId, loan: current, account: user.account }),
    ).toEqual([]);
    const repaid = await repayLoan(user, { loanId: started.loanId, loan: current });
    expect(repaid.collateralTo).toBe(user.account.address);
    expect(repaid.principal).toBe(current.principal);
    await expect(getLoan(publicClient, { loanId: started.loanId })).rejects.toBeInstanceOf(LoanNotLiveError);
  });

  it("decodes expired, cancelled and nonce-cancelled offers", async () => {
    const { user, lender } = clients;
    const now = await chainNow();
    const base = {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("1"),
      aprBps: 1000,
      duration: 30 * DAY,
      tokenId: 2n,
      now,
    };
    const expiring = await createLoanOffer(lender, { ...base, expiry: now + 60n });
    await sendRequirements(
      lender,
      await getCreateLoanOfferRequirements(clients.publicClient, { offer: expiring.offer }),
    );
    await travel(clients, 120);
    const expired = await reverted(acceptLoanOffer(user, { ...expiring, tokenId: 2n }));
    expect(expired.is("OfferExpired") && expired.args[0]).toBe(now + 60n);
    expect(expired.shortMessage).toBe(
      `The offer expired at ${new Date(Number(now + 60n) * 1000).toISOString()} (block time ${new Date(Number(expired.args[1]) * 1000).toISOString()}).`,
    );

    const cancelled = await createLoanOffer(lender, { ...base, now: await chainNow() });
    const { offerHash } = await cancelLoanOffer(lender, { offer: cancelled.offer });
    expect(offerHash).toBe(hashLoanOffer(cancelled.offer, { chainId: 31337, loanCore: loanCore.address }));
    expect((await reverted(acceptLoanOffer(user, { ...cancelled, tokenId: 2n }))).errorName).toBe("OfferNotActive");

    const voided = await createLoanOffer(lender, { ...base, now: await chainNow() });
    await cancelNonces(lender, { minNonce: voided.offer.nonce + 1n });
    expect((await reverted(acceptLoanOffer(user, { ...voided, tokenId: 2n }))).errorName).toBe("NonceCancelled");
    // A new offer picks up the new minimum nonce by itself.
    expect((await createLoanOffer(lender, { ...base, now: await chainNow() })).offer.nonce).toBe(
      voided.offer.nonce + 1n,
    );
    // Bad shapes never reach the chain.
    await expect(
      createLoanOffer(lender, { ...base, minPrincipal: 2n, maxPrincipal: 1n, principal: undefined }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("borrow request -> delegate -> renegotiate -> takeover -> refinance", () => {
  it("fills a request and moves the loan through its lender-side operations", async () => {
    const { user, lender, lender2, publicClient } = clients;
    const { request, signature } = await createBorrowRequest(user, {
      collateral: punks,
      tokenId: 2n,
      currency: weth.address,
      minPrincipal: parseEther("3"),
      maxAprBps: 1500,
      duration: 30 * DAY,
      now: await chainNow(),
    });
    const borrowerNeeds = await getCreateBorrowRequestRequirements(publicClient, { request });
    // Token 2 was approved for the failed accepts above: nothing is missing.
    expect(borrowerNeeds).toEqual([]);
    const lenderNeeds = await getFillBorrowRequestRequirements(publicClient, { request, account: lender.account });
    expect(lenderNeeds).toMatchObject([
      { kind: "erc20Allowance", owner: lender.account.address, amount: parseEther("3") },
    ]);
    await sendRequirements(lender, lenderNeeds);
    const filled = await fillBorrowRequest(lender, { request, signature });
    expect(filled.loan).toMatchObject({ principal: parseEther("3"), aprBps: 1500, defaultMode: DefaultMode.Foreclose });
    expect(filled.lender).toBe(lender.account.address);

    const delegated = await setLoanDelegate(user, {
      loanId: filled.loanId,
      loan: filled.loan,
      delegate: lender2.account.address,
    });
    expect(delegated.loan.delegate).toBe(lender2.account.address);

    // The lender cancelled nonce 0 above: the terms pick up its current minimum nonce.
    const { terms, signature: renegotiationSignature } = await createRenegotiation(lender, {
      loanId: filled.loanId,
      loan: delegated.loan,
      aprBps: 1200,
      now: await chainNow(),
    });
    expect(terms.loanHash).toBe(hashLoan(delegated.loan));
    const renegotiated = await renegotiateLoan(user, {
      loanId: filled.loanId,
      loan: delegated.loan,
      terms,
      signature: renegotiationSignature,
    });
    expect(renegotiated.loan.aprBps).toBe(1200);

    // After the 2-day holding period another lender takes over at a 10% lower APR.
    await travel(clients, 2 * DAY + 1);
    const takeoverNeeds = await getTakeOverLoanRequirements(publicClient, {
      loanId: filled.loanId,
      loan: renegotiated.loan,
      account: lender2.account,
    });
    expect(takeoverNeeds).toMatchObject([{ kind: "erc20Allowance", owner: lender2.account.address }]);
    await sendRequirements(lender2, takeoverNeeds);
    const notBetter = await reverted(
      takeOverLoan(lender2, { loanId: filled.loanId, loan: renegotiated.loan, aprBps: 1150 }),
    );
    expect(notBetter.errorName).toBe("TermsNotBetter");
    const takenOver = await takeOverLoan(lender2, { loanId: filled.loanId, loan: renegotiated.loan, aprBps: 1000 });
    expect(takenOver.previousLender).toBe(lender.account.address);
    expect(takenOver.loan.aprBps).toBe(1000);

    // The borrower refinances to a cheaper, larger offer from the first lender and pockets the difference.
    const offer = await createLoanOffer(lender, {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("4"),
      aprBps: 800,
      duration: 60 * DAY,
      scope: 1,
      now: await chainNow(),
    });
    const refinanceNeeds = await getRefinanceLoanRequirements(publicClient, {
      loanId: filled.loanId,
      loan: takenOver.loan,
      offer: offer.offer,
      account: user.account,
    });
    // The borrower owes nothing (4 > debt); the new lender funds its own offer.
    expect(refinanceNeeds).toEqual([]);
    const lenderFunding = await getCreateLoanOfferRequirements(publicClient, { offer: offer.offer });
    expect(lenderFunding).toMatchObject([
      { kind: "erc20Allowance", owner: lender.account.address, amount: parseEther("4") },
    ]);
    await sendRequirements(lender, lenderFunding);
    const refinanced = await refinanceLoan(user, { loanId: filled.loanId, loan: takenOver.loan, ...offer });
    expect(refinanced.newLender).toBe(lender.account.address);
    expect(refinanced.loan).toMatchObject({ principal: parseEther("4"), aprBps: 800, duration: 60 * DAY });
    expect(await getLoan(publicClient, { loanId: filled.loanId })).toEqual(refinanced.loan);
  });
});

describe("defaults", () => {
  it("calls an open-term loan and another lender takes it over in the refinancing auction", async () => {
    const { user, lender, lender2, publicClient } = clients;
    const offer = await createLoanOffer(lender, {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("1"),
      aprBps: 1000,
      duration: 0,
      tokenId: 3n,
      now: await chainNow(),
    });
    await sendRequirements(lender, await getCreateLoanOfferRequirements(publicClient, { offer: offer.offer }));
    await sendRequirements(
      user,
      await getAcceptLoanOfferRequirements(publicClient, { offer: offer.offer, account: user.account }),
    );
    const started = await acceptLoanOffer(user, offer);
    const early = await reverted(callLoan(lender, started));
    expect(early.errorName).toBe("LoanNotCallable");
    await travel(clients, 3 * DAY);
    const called = await callLoan(lender, started);
    expect(called.loan.callTime).toBeGreaterThan(0);
    await travel(clients, 3600);
    const needs = await getAuctionTakeoverLoanRequirements(publicClient, {
      loanId: started.loanId,
      loan: called.loan,
      account: lender2.account,
    });
    expect(needs).toMatchObject([
      { kind: "erc20Allowance", owner: lender2.account.address, spender: loanCore.address },
    ]);
    await sendRequirements(lender2, needs);
    const taken = await auctionTakeoverLoan(lender2, { loanId: started.loanId, loan: called.loan });
    expect(taken.previousLender).toBe(lender.account.address);
    expect(taken.loan.callTime).toBe(0);
    expect(taken.loan.aprBps).toBeGreaterThan(1000);
  });

  it("forecloses a defaulted fixed-term loan", async () => {
    const { user, lender, publicClient } = clients;
    const offer = await createLoanOffer(lender, {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("1"),
      aprBps: 1000,
      duration: DAY,
      gracePeriod: 3600,
      tokenId: 4n,
      now: await chainNow(),
    });
    await sendRequirements(lender, await getCreateLoanOfferRequirements(publicClient, { offer: offer.offer }));
    await sendRequirements(
      user,
      await getAcceptLoanOfferRequirements(publicClient, { offer: offer.offer, account: user.account }),
    );
    const started = await acceptLoanOffer(user, offer);
    expect((await reverted(forecloseLoan(lender, started))).errorName).toBe("NotDefaulted");
    await travel(clients, DAY + 3600 + 2);
    const foreclosed = await forecloseLoan(lender, started);
    expect(foreclosed.collateralTo).toBe(lender.account.address);
    expect(
      await publicClient.readContract({ address: punks, abi: erc721Abi, functionName: "ownerOf", args: [4n] }),
    ).toBe(lender.account.address);
  });

  it("sells a defaulted Auction loan: startSale, then buy with the surplus to the borrower", async () => {
    const { user, lender, lender2, publicClient } = clients;
    const offer = await createLoanOffer(lender, {
      collateral: punks,
      currency: weth.address,
      principal: parseEther("1"),
      aprBps: 1000,
      duration: DAY,
      gracePeriod: 0,
      defaultMode: DefaultMode.Auction,
      tokenId: 5n,
      now: await chainNow(),
    });
    await sendRequirements(lender, await getCreateLoanOfferRequirements(publicClient, { offer: offer.offer }));
    await sendRequirements(
      user,
      await getAcceptLoanOfferRequirements(publicClient, { offer: offer.offer, account: user.account }),
    );
    const started = await acceptLoanOffer(user, offer);
    await travel(clients, DAY + 2);
    const onSale = await startDefaultSale(lender2, started);
    expect(onSale.loan.saleStart).toBeGreaterThan(0);
    const needs = await getBuyDefaultSaleRequirements(publicClient, {
      loanId: started.loanId,
      loan: onSale.loan,
      account: lender2.account,
    });
    expect(needs).toMatchObject([
      { kind: "erc20Allowance", owner: lender2.account.address, spender: loanCore.address },
    ]);
    await sendRequirements(lender2, needs);
    const sold = await buyDefaultSale(lender2, { loanId: started.loanId, loan: onSale.loan });
    expect(sold.surplus).toBeGreaterThan(0n);
    expect(sold.price).toBe(sold.debt + sold.surplus);
    expect(
      await publicClient.readContract({ address: punks, abi: erc721Abi, functionName: "ownerOf", args: [5n] }),
    ).toBe(lender2.account.address);
    expect(CloseReason.Sold).toBe(2);
  });
});
