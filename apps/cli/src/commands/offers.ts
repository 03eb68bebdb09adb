import {
  acceptLoanOffer,
  cancelLoanOffer,
  cancelNonces,
  createLoanOffer,
  DefaultMode,
  getAcceptLoanOfferRequirements,
  getCreateLoanOfferRequirements,
  type Json,
  type LoanOffer,
  loanCoreAbi,
  loanOfferFromJson,
  toJsonValue,
} from "@hypotheca/sdk";
import type { Hash, Hex } from "viem";
import {
  formatAmount,
  optionalString,
  parseAddress,
  parseAmount,
  parseDuration,
  parseInteger,
  parsePercentBps,
  requiredString,
  resolveToken,
} from "../args.ts";
import type { Command } from "../command.ts";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { table } from "../output.ts";
import { fulfil } from "../requirements.ts";

type BookEntry = {
  hash: Hash;
  offer: Json<LoanOffer>;
  signature: Hex;
  proof?: Hex[];
  fundablePrincipal: string;
};
type BookProblem = { code: string; message: string };
type BookOffer = BookEntry & { status: { usable: boolean; problems: BookProblem[] } };

const DEFAULT_MODES: Record<string, number> = { foreclose: DefaultMode.Foreclose, auction: DefaultMode.Auction };

const make: Command = {
  words: ["offers", "make"],
  summary: "Sign a loan offer and post it to the offer book (approves the currency for its capacity)",
  usage: [
    "--collection <address> [--token-id <id>] --amount <amount> [--min-amount <amount>] [--capacity <amount>]",
    "    --apr <percent> --duration <30d|0 for open-term> [--grace 1d] [--currency WETH] [--default foreclose|auction]",
    "    [--expires-in 7d]",
  ].join("\n"),
  options: {
    collection: { type: "string" },
    "token-id": { type: "string" },
    amount: { type: "string" },
    "min-amount": { type: "string" },
    capacity: { type: "string" },
    apr: { type: "string" },
    duration: { type: "string" },
    grace: { type: "string" },
    currency: { type: "string" },
    default: { type: "string" },
    "expires-in": { type: "string" },
  },
  async run(context, values) {
    const collateral = parseAddress(requiredString(values, "collection"), "--collection");
    const token = await resolveToken(context, optionalString(values, "currency") ?? "WETH");
    const maxPrincipal = parseAmount(requiredString(values, "amount"), token, "--amount");
    const minText = optionalString(values, "min-amount");
    const capacityText = optionalString(values, "capacity");
    const tokenIdText = optionalString(values, "token-id");
    const graceText = optionalString(values, "grace");
    const mode = optionalString(values, "default") ?? "foreclose";
    const defaultMode = DEFAULT_MODES[mode];
    if (defaultMode === undefined) throw new CliError(`--default must be foreclose or auction, got "${mode}".`);
    // Expiry counts from the chain's clock, which a devnet may have moved away from the wall clock.
    const now = (await context.publicClient.getBlock()).timestamp;
    const wallet = await context.wallet();
    const { offer, signature, offerHash } = await createLoanOffer(wallet, {
      collateral,
      currency: token.address,
      maxPrincipal,
      minPrincipal: minText === undefined ? maxPrincipal : parseAmount(minText, token, "--min-amount"),
      ...(capacityText === undefined ? {} : { capacity: parseAmount(capacityText, token, "--capacity") }),
      ...(tokenIdText === undefined ? {} : { tokenId: parseInteger(tokenIdText, "--token-id") }),
      aprBps: parsePercentBps(requiredString(values, "apr"), "--apr"),
      duration: parseDuration(requiredString(values, "duration"), "--duration"),
      ...(graceText === undefined ? {} : { gracePeriod: parseDuration(graceText, "--grace") }),
      defaultMode,
      expiry: now + BigInt(parseDuration(optionalString(values, "expires-in") ?? "7d", "--expires-in")),
      now,
    });
    await fulfil(context, await getCreateLoanOfferRequirements(context.publicClient, { offer }));
    context.out.progress(`Posting offer ${offerHash} to ${context.apiUrl}…`);
    const posted = await context.api<BookOffer & { duplicate: boolean }>("/v1/offers", {
      method: "POST",
      body: toJsonValue({ kind: "offer", offer, signature }),
    });
    context.out.result(posted, () =>
      [
        `Offer ${posted.hash} is in the book${posted.duplicate ? " (it already was)" : ""}:`,
        `lends up to ${formatAmount(offer.maxPrincipal, token)} at ${offer.aprBps / 100}% APR against ${tokenIdText === undefined ? "any token" : `token ${tokenIdText}`} of ${collateral}.`,
      ].join(" "),
    );
  },
};

const list: Command = {
  words: ["offers", "list"],
  summary: "Usable offers from the book, best first for a borrower",
  usage: "[--collection <address> [--token-id <id>]] [--currency WETH] [--lender <address>] [--limit 20]",
  options: {
    collection: { type: "string" },
    "token-id": { type: "string" },
    currency: { type: "string" },
    lender: { type: "string" },
    limit: { type: "string" },
  },
  async run(context, values) {
    const query = new URLSearchParams();
    const collection = optionalString(values, "collection");
    if (collection) query.set("collection", parseAddress(collection, "--collection"));
    const tokenId = optionalString(values, "token-id");
    if (tokenId) query.set("tokenId", parseInteger(tokenId, "--token-id").toString());
    const currency = optionalString(values, "currency");
    const token = currency ? await resolveToken(context, currency) : undefined;
    if (token) query.set("currency", token.address);
    const lender = optionalString(values, "lender");
    if (lender) query.set("lender", parseAddress(lender, "--lender"));
    query.set("limit", optionalString(values, "limit") ?? "20");
    const { offers } = await context.api<{ offers: BookEntry[] }>(`/v1/offers?${query}`);
    const currencies = new Map<string, Awaited<ReturnType<typeof resolveToken>>>();
    for (const { offer } of offers) {
      if (!currencies.has(offer.currency)) currencies.set(offer.currency, await resolveToken(context, offer.currency));
    }
    context.out.result({ offers }, () =>
      table(
        ["hash", "lender", "up to", "APR", "days", "scope"],
        offers.map(({ hash, offer: json, fundablePrincipal }) => {
          const offer = loanOfferFromJson(json);
          const currencyToken = currencies.get(offer.currency);
          return [
            hash,
            offer.lender,
            currencyToken ? formatAmount(BigInt(fundablePrincipal), currencyToken) : fundablePrincipal,
            `${offer.aprBps / 100}%`,
            offer.duration === 0 ? "open" : String(offer.duration / 86_400),
            [`token ${offer.tokenId}`, "collection", "token set"][offer.scope] ?? String(offer.scope),
          ];
        }),
      ),
    );
  },
};

async function bookOffer(context: Context, hash: string): Promise<BookOffer> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new CliError(`An offer hash is 0x + 64 hex digits, got "${hash}".`);
  return context.api<BookOffer>(`/v1/offers/${hash}`);
}

const cancel: Command = {
  words: ["offers", "cancel"],
  summary: "Cancel one of your offers on chain, or every signature you made so far with --all",
  usage: "<offerHash> | --all",
  options: { all: { type: "boolean" } },
  async run(context, values, [hash]) {
    const wallet = await context.wallet();
    if (values.all) {
      const current = await context.publicClient.readContract({
        address: context.deployment.loanCore.address,
        abi: loanCoreAbi,
        functionName: "minNonce",
        args: [wallet.account.address],
      });
      // New offers are signed with the current minimum nonce: raising it by one voids all of them.
      const done = await context.out.transaction("Cancelling every offer and request you signed", () =>
        cancelNonces(wallet, { minNonce: current + 1n }),
      );
      context.out.result(
        { hash: done.hash, minNonce: done.minNonce },
        () => `Cancelled; new nonces start at ${done.minNonce}.`,
      );
      return;
    }
    if (!hash) throw new CliError("Say which offer (its hash), or --all.");
    const { offer } = await bookOffer(context, hash);
    const done = await context.out.transaction(`Cancelling offer ${hash}`, () =>
      cancelLoanOffer(wallet, { offer: loanOfferFromJson(offer) }),
    );
    context.out.result({ hash: done.hash, offerHash: done.offerHash }, () => `Offer ${done.offerHash} is cancelled.`);
  },
};

const borrow: Command = {
  words: ["borrow", "offer"],
  summary: "Borrow against your NFT from an offer in the book (approves the NFT first if needed)",
  usage: "<offerHash> --collection <address> --token-id <id> [--amount <amount>]",
  options: { collection: { type: "string" }, "token-id": { type: "string" }, amount: { type: "string" } },
  async run(context, values, [hash]) {
    if (!hash) throw new CliError("Say which offer (its hash from `hypotheca offers list`).");
    const collection = parseAddress(requiredString(values, "collection"), "--collection");
    const tokenId = parseInteger(requiredString(values, "token-id"), "--token-id");
    // The token's own listing carries the offer's proof for token-set offers, and proves it usable now.
    const query = new URLSearchParams({ collection, tokenId: tokenId.toString(), limit: "200" });
    const { offers } = await context.api<{ offers: BookEntry[] }>(`/v1/offers?${query}`);
    const entry = offers.find((o) => o.hash.toLowerCase() === hash.toLowerCase());
    if (!entry) {
      const stored = await bookOffer(context, hash);
      const why = stored.status.problems.map((p) => p.message).join("; ");
      throw new CliError(
        `Offer ${hash} cannot lend against token ${tokenId} of ${collection}${why ? `: ${why}` : "."}`,
      );
    }
    const offer = loanOfferFromJson(entry.offer);
    const token = await resolveToken(context, offer.currency);
    const amountText = optionalString(values, "amount");
    const principal =
      amountText === undefined ? BigInt(entry.fundablePrincipal) : parseAmount(amountText, token, "--amount");
    const wallet = await context.wallet();
    const parameters = { offer, tokenId, principal, proof: entry.proof ?? [] };
    await fulfil(
      context,
      await getAcceptLoanOfferRequirements(context.publicClient, { ...parameters, account: wallet.account }),
    );
    const done = await context.out.transaction(`Borrowing ${formatAmount(principal, token)} from offer ${hash}`, () =>
      acceptLoanOffer(wallet, { ...parameters, signature: entry.signature }),
    );
    context.out.result(
      { hash: done.hash, loanId: done.loanId, loan: done.loan },
      () =>
        `Loan ${done.loanId}: borrowed ${formatAmount(principal, token)} at ${offer.aprBps / 100}% APR (repay with \`hypotheca repay ${done.loanId}\`).`,
    );
  },
};

export const offerCommands = [make, list, cancel, borrow];
