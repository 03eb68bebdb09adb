import type { ServerResponse } from "node:http";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type Address, getAddress, isAddress } from "viem";
import { OfferBook, type OfferQuery, TokenIdsFieldError, TokenSetMismatchError } from "../offers/book.ts";
import { InvalidFieldError, parseSubmission } from "../offers/wire.ts";
import { ApiError, BadQueryError, type ErrorBody } from "./errors.ts";

/** Largest accepted POST body: a signed offer is ~1 KiB; TokenSet ids fill the rest. */
export const MAX_OFFER_BODY_BYTES = 16 * 1024;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

export class BadJsonError extends ApiError {
  override name = "BadJsonError";
  constructor(detail: string) {
    super(400, "BAD_JSON", `The body is not valid JSON: ${detail}`);
  }
}
export class InvalidBodyError extends ApiError {
  override name = "InvalidBodyError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(400, "INVALID_BODY", message);
  }
}
export class BodyTooLargeError extends ApiError {
  override name = "BodyTooLargeError";
  constructor() {
    super(413, "BODY_TOO_LARGE", `The body is larger than ${MAX_OFFER_BODY_BYTES} bytes.`);
  }
}
export class UnsupportedMediaTypeError extends ApiError {
  override name = "UnsupportedMediaTypeError";
  constructor(type: string | undefined) {
    super(415, "UNSUPPORTED_MEDIA_TYPE", `Send the offer as application/json, not ${type ?? "no content type"}.`);
  }
}
export class OfferNotFoundError extends ApiError {
  override name = "OfferNotFoundError";
  constructor(hash: string) {
    super(404, "OFFER_NOT_FOUND", `No offer or request ${hash} in the book.`);
  }
}
export class TokenSetMismatchApiError extends ApiError {
  override name = "TokenSetMismatchApiError";
  constructor(message: string) {
    super(422, "TOKEN_SET_MISMATCH", message);
  }
}

// Opened on first use (Ponder loads this module before its server listens); a failed open is retried.
let opening: Promise<OfferBook> | undefined;
export function offerBook(): Promise<OfferBook> {
  opening ??= OfferBook.open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}
// Load the stored book at start-up, not on the first request.
offerBook().catch((error: unknown) => console.error("offer book: failed to open, retrying on first request:", error));

/** Routes of the offer book, mounted at /v1/offers. */
export const offers = new Hono();

offers.post(
  "/",
  async (c, next) => {
    const type = c.req.header("content-type");
    if (!type || !/^application\/json\s*(;|$)/i.test(type)) throw new UnsupportedMediaTypeError(type);
    await next();
  },
  bodyLimit({
    maxSize: MAX_OFFER_BODY_BYTES,
    onError: () => {
      throw new BodyTooLargeError();
    },
  }),
  async (c) => {
    const text = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new BadJsonError((error as Error).message);
    }
    let submission: ReturnType<typeof parseSubmission>;
    try {
      submission = parseSubmission(json);
    } catch (error) {
      if (error instanceof InvalidFieldError) throw new InvalidBodyError(error.field, error.message);
      throw error;
    }
    const book = await offerBook();
    let result: Awaited<ReturnType<OfferBook["submit"]>>;
    try {
      result = await book.submit(submission);
    } catch (error) {
      if (error instanceof TokenIdsFieldError) throw new InvalidBodyError("tokenIds", error.message);
      if (error instanceof TokenSetMismatchError) throw new TokenSetMismatchApiError(error.message);
      throw error;
    }
    if (result.outcome === "rejected") {
      const [first] = result.problems;
      const code = result.problems.some((p) => p.code === "BAD_SIGNATURE")
        ? "BAD_SIGNATURE"
        : (first?.code ?? "UNUSABLE");
      const message = result.problems.map((p) => p.message).join(" ");
      return c.json<ErrorBody & { hash: string; problems: typeof result.problems }>(
        { error: { code, message }, hash: result.hash, problems: result.problems },
        422,
      );
    }
    const body = { ...result.view, status: result.status, duplicate: result.outcome === "duplicate" };
    return sendJson(c, result.outcome === "created" ? 201 : 200, Buffer.from(JSON.stringify(body)));
  },
);

offers.get("/", async (c) => {
  const url = c.req.url;
  const search = url.indexOf("?");
  const book = await offerBook();
  const body = await book.query(search === -1 ? "" : url.slice(search + 1), () =>
    readQuery((name) => c.req.query(name)),
  );
  return sendJson(c, 200, body);
});

offers.get("/:hash", async (c) => {
  const hash = c.req.param("hash");
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash))
    throw new BadQueryError(`\`hash\` must be 32 bytes of 0x-prefixed hex, got "${hash}".`);
  const found = await (await offerBook()).get(hash);
  if (!found) throw new OfferNotFoundError(hash);
  return c.json({ ...found.view, status: found.status });
});

/** @hono/node-server's marker for a response the handler wrote to the Node response itself. */
const ALREADY_SENT = "x-hono-already-sent";

/**
 * Sends JSON bytes. Under Ponder's server (@hono/node-server, which hands handlers the Node response as
 * `env.outgoing`) they are written straight to the socket with the headers the middlewares prepared
 * (CORS): a `Response` returned through Ponder's middlewares is turned into a web-stream Response and
 * read back chunk by chunk, which costs more than everything else a cached query does. Elsewhere (e.g.
 * `app.request` in tests) a plain Response.
 */
function sendJson(c: Context, status: 200 | 201, body: Buffer): Response {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing || outgoing.headersSent) {
    return c.body(new Uint8Array(body), status, { "content-type": "application/json" });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of c.res.headers) headers[name] = value;
  headers["content-type"] = "application/json";
  headers["content-length"] = String(body.length);
  outgoing.writeHead(status, headers);
  outgoing.end(body);
  return new Response(null, { status, headers: { [ALREADY_SENT]: "true" } });
}

function readQuery(get: (name: string) => string | undefined): OfferQuery {
  const kind = get("kind") ?? "offer";
  if (kind !== "offer" && kind !== "request") throw new BadQueryError('`kind` must be "offer" or "request".');
  const address = (name: string): Address | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    if (!isAddress(raw, { strict: false })) throw new BadQueryError(`\`${name}\` must be an address, got "${raw}".`);
    return getAddress(raw);
  };
  const collection = address("collection");
  const rawToken = get("tokenId");
  let tokenId: bigint | undefined;
  if (rawToken !== undefined) {
    if (!/^(0|[1-9]\d{0,77})$/.test(rawToken)) throw new BadQueryError("`tokenId` must be a decimal integer.");
    if (!collection) throw new BadQueryError("`tokenId` needs `collection`.");
    tokenId = BigInt(rawToken);
  }
  const rawLimit = get("limit");
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? "1") || limit < 1 || limit > MAX_LIMIT) {
    throw new BadQueryError(`\`limit\` must be an integer between 1 and ${MAX_LIMIT}.`);
  }
  const signer = kind === "offer" ? address("lender") : address("borrower");
  return { kind, collection, tokenId, currency: address("currency"), signer, limit };
}
