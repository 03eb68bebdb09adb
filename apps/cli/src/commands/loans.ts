import {
  borrowFromPool,
  buyPoolAuction,
  DefaultMode,
  getBorrowFromPoolRequirements,
  getBuyPoolAuctionRequirements,
  getLoan,
  getPoolAuction,
  getPoolAuctionPrice,
  getRepayLoanPartialRequirements,
  getRepayLoanRequirements,
  type Loan,
  loanDebtAt,
  repayLoan,
  repayLoanPartial,
  repayPoolLoan,
  startPoolLiquidation,
} from "@hypotheca/sdk";
import type { Address } from "viem";
import {
  formatAmount,
  optionalString,
  parseAddress,
  parseAmount,
  parseDuration,
  parseInteger,
  poolToken,
  requiredString,
  resolveToken,
  type Token,
} from "../args.ts";
import type { Command } from "../command.ts";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { table } from "../output.ts";
import { fulfil } from "../requirements.ts";

async function now(context: Context): Promise<bigint> {
  return (await context.publicClient.getBlock()).timestamp;
}

async function loanArgument(context: Context, text: string | undefined): Promise<{ loanId: bigint; loan: Loan }> {
  if (!text) throw new CliError("Say which loan, e.g. `hypotheca repay 3`.");
  const loanId = parseInteger(text, "The loan id");
  return { loanId, loan: await getLoan(context.publicClient, { loanId }) };
}

const borrowFromThePool: Command = {
  words: ["borrow", "pool"],
  summary: "Borrow from the lending pool against an NFT (at the pool's quoted APR)",
  usage: "--collection <address> --token-id <id> --amount <amount> [--duration 30d]",
  options: {
    collection: { type: "string" },
    "token-id": { type: "string" },
    amount: { type: "string" },
    duration: { type: "string" },
  },
  async run(context, values) {
    const collateral = parseAddress(requiredString(values, "collection"), "--collection");
    const tokenId = parseInteger(requiredString(values, "token-id"), "--token-id");
    const { token } = await poolToken(context);
    const principal = parseAmount(requiredString(values, "amount"), token, "--amount");
    const duration = typeof values.duration === "string" ? parseDuration(values.duration, "--duration") : undefined;
    const wallet = await context.wallet();
    await fulfil(
      context,
      await getBorrowFromPoolRequirements(context.publicClient, { collateral, tokenId, account: wallet.account }),
    );
    const done = await context.out.transaction(`Borrowing ${formatAmount(principal, token)} from the pool`, () =>
      borrowFromPool(wallet, { collateral, tokenId, principal, ...(duration === undefined ? {} : { duration }) }),
    );
    context.out.result({ hash: done.hash, loanId: done.loanId, loan: done.loan }, () =>
      [
        `Loan ${done.loanId}: borrowed ${formatAmount(done.loan.principal, token)} at ${done.loan.aprBps / 100}% APR`,
        `for up to ${Math.round(done.loan.duration / 86_400)} days (repay with \`hypotheca repay ${done.loanId}\`).`,
      ].join(" "),
    );
  },
};

const repay: Command = {
  words: ["repay"],
  summary: "Repay a loan in full, or part of it with --amount (approves the currency first if needed)",
  usage: "<loanId> [--amount <amount>]",
  options: { amount: { type: "string" } },
  async run(context, values, [id]) {
    const { loanId, loan } = await loanArgument(context, id);
    const token = await resolveToken(context, loan.currency);
    const wallet = await context.wallet();
    const account = wallet.account;
    if (typeof values.amount === "string") {
      const amount = parseAmount(values.amount, token, "--amount");
      await fulfil(
        context,
        await getRepayLoanPartialRequirements(context.publicClient, { loanId, loan, amount, account }),
      );
      const done = await context.out.transaction(`Paying ${formatAmount(amount, token)} toward loan ${loanId}`, () =>
        repayLoanPartial(wallet, { loanId, loan, amount }),
      );
      // A payment of the whole debt closes the loan (no new state).
      const debt = done.loan ? loanDebtAt(done.loan, await now(context)).debt : 0n;
      context.out.result({ hash: done.hash, loanId, loan: done.loan, debt }, () =>
        done.loan
          ? `Paid ${formatAmount(amount, token)}; loan ${loanId} now owes ${formatAmount(debt, token)}.`
          : `Paid ${formatAmount(amount, token)}; loan ${loanId} is repaid and closed.`,
      );
      return;
    }
    await fulfil(context, await getRepayLoanRequirements(context.publicClient, { loanId, loan, account }));
    // Pool loans also settle the pool's books (onLoanRepaid); the SDK action reports what the pool received.
    const label = `Repaying loan ${loanId} in full`;
    const done =
      loan.defaultMode === DefaultMode.Managed
        ? await context.out.transaction(label, () => repayPoolLoan(wallet, { loanId, loan }))
        : await context.out.transaction(label, () => repayLoan(wallet, { loanId, loan }));
    context.out.result(
      { hash: done.hash, loanId, interest: done.interest, principal: done.principal, collateralTo: done.collateralTo },
      () =>
        `Repaid loan ${loanId}: ${formatAmount(done.principal, token)} principal + ${formatAmount(done.interest, token)} interest; the NFT went to ${done.collateralTo}.`,
    );
  },
};

const liquidate: Command = {
  words: ["liquidations", "start"],
  summary: "Liquidate an unhealthy or overdue pool loan: the pool takes the NFT and starts its auction",
  usage: "<loanId>",
  options: {},
  async run(context, _values, [id]) {
    const { loanId, loan } = await loanArgument(context, id);
    const wallet = await context.wallet();
    const done = await context.out.transaction(`Liquidating loan ${loanId}`, () =>
      startPoolLiquidation(wallet, { loanId, loan }),
    );
    const token = await resolveToken(context, loan.currency);
    context.out.result(
      { hash: done.hash, loanId, healthFactor: done.healthFactor, auction: done.auction },
      () =>
        `Loan ${loanId} is in auction from ${formatAmount(done.auction.startPrice, token)} down to ${formatAmount(done.auction.floorPrice, token)}; you earn the redemption penalty if the borrower redeems.`,
    );
  },
};

const buy: Command = {
  words: ["liquidations", "buy"],
  summary: "Buy the NFT of a pool auction at its current price (at most --max-price)",
  usage: "<loanId> [--max-price <amount>]",
  options: { "max-price": { type: "string" } },
  async run(context, values, [id]) {
    if (!id) throw new CliError("Say which loan's auction, e.g. `hypotheca liquidations buy 3`.");
    const loanId = parseInteger(id, "The loan id");
    const auction = await getPoolAuction(context.publicClient, { loanId });
    const { token } = await poolToken(context);
    const maxPrice =
      typeof values["max-price"] === "string"
        ? parseAmount(values["max-price"], token, "--max-price")
        : await getPoolAuctionPrice(context.publicClient, { auction });
    const wallet = await context.wallet();
    await fulfil(
      context,
      await getBuyPoolAuctionRequirements(context.publicClient, { loanId, auction, maxPrice, account: wallet.account }),
    );
    const done = await context.out.transaction(
      `Buying the NFT of loan ${loanId} for at most ${formatAmount(maxPrice, token)}`,
      () => buyPoolAuction(wallet, { loanId, auction, maxPrice }),
    );
    context.out.result(
      { hash: done.hash, loanId, price: done.price, surplus: done.surplus },
      () => `Bought token ${auction.tokenId} of ${auction.collection} for ${formatAmount(done.price, token)}.`,
    );
  },
};

/** A loan as the API lists it (docs/api.md, GET /v1/loans). */
type ApiLoan = {
  id: string;
  status: string;
  source: string | null;
  lender: Address;
  borrower: Address;
  collateral: Address;
  tokenId: string;
  currency: Address;
  principal: string;
  aprBps: number;
  dueTime: number | null;
  debt: string | null;
};

const mine: Command = {
  words: ["loans"],
  summary: "Your loans (as borrower and lender) with their debt now, from the API",
  usage: "[--account <address>] [--role borrower|lender] [--status active|called|sale|repaid|…]",
  options: { account: { type: "string" }, role: { type: "string" }, status: { type: "string" } },
  async run(context, values) {
    const account =
      typeof values.account === "string"
        ? parseAddress(values.account, "--account")
        : (await context.wallet()).account.address;
    const role = optionalString(values, "role");
    if (role !== undefined && role !== "borrower" && role !== "lender") {
      throw new CliError(`--role must be borrower or lender, got "${role}".`);
    }
    const status = optionalString(values, "status");
    const roles = role ? [role] : ["borrower", "lender"];
    const loans: (ApiLoan & { role: string })[] = [];
    for (const side of roles) {
      const query = new URLSearchParams({ [side]: account, limit: "200" });
      if (status) query.set("status", status);
      const page = await context.api<{ loans: ApiLoan[] }>(`/v1/loans?${query}`);
      loans.push(...page.loans.map((loan) => ({ ...loan, role: side })));
    }
    const tokens = new Map<string, Token>();
    for (const { currency } of loans) {
      if (!tokens.has(currency)) tokens.set(currency, await resolveToken(context, currency));
    }
    const amount = (value: string | null, currency: string) => {
      const token = tokens.get(currency);
      return value === null ? "-" : token ? formatAmount(BigInt(value), token) : value;
    };
    context.out.result({ account, loans }, () =>
      table(
        ["loan", "role", "status", "collateral", "principal", "debt now", "APR", "due"],
        loans.map((loan) => [
          loan.id,
          loan.role,
          loan.status,
          `${loan.collateral} #${loan.tokenId}`,
          amount(loan.principal, loan.currency),
          amount(loan.debt, loan.currency),
          `${loan.aprBps / 100}%`,
          loan.dueTime === null
            ? "open-term"
            : new Date(loan.dueTime * 1000).toISOString().slice(0, 16).replace("T", " "),
        ]),
      ),
    );
  },
};

/** A pool auction as the API lists it (docs/api.md, GET /v1/auctions). */
type ApiAuction = {
  loanId: string;
  pool: Address;
  collection: Address;
  tokenId: string;
  debt: string;
  currentPrice: string | null;
  floorPrice: string;
  endsAt: number;
  round: number;
};

const auctions: Command = {
  words: ["liquidations", "list"],
  summary: "Live pool auctions with their price now, from the API",
  usage: "[--collection <address>]",
  options: { collection: { type: "string" } },
  async run(context, values) {
    const query = new URLSearchParams({ status: "live", limit: "200" });
    const collection = optionalString(values, "collection");
    if (collection) query.set("collection", parseAddress(collection, "--collection"));
    const page = await context.api<{ asOf: number; auctions: ApiAuction[] }>(`/v1/auctions?${query}`);
    const { token } = await poolToken(context);
    context.out.result(page, () =>
      table(
        ["loan", "collateral", "price now", "floor", "debt", "floor reached", "round"],
        page.auctions.map((a) => [
          a.loanId,
          `${a.collection} #${a.tokenId}`,
          a.currentPrice === null ? "-" : formatAmount(BigInt(a.currentPrice), token),
          formatAmount(BigInt(a.floorPrice), token),
          formatAmount(BigInt(a.debt), token),
          new Date(a.endsAt * 1000).toISOString().slice(0, 16).replace("T", " "),
          String(a.round),
        ]),
      ),
    );
  },
};

export const loanCommands = [borrowFromThePool, repay, mine, auctions, liquidate, buy];
