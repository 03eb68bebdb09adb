import { db } from "ponder:api";
import schema from "ponder:schema";
import { DAY_SECONDS } from "@hypotheca/sdk";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { graphql } from "ponder";
import { BadQueryError, RouteNotFoundError, respondWithError } from "./errors.ts";
import { lendingRoutes } from "./lending.ts";
import { offers } from "./offers.ts";
import { getPriceHistory, getPrices } from "./prices.ts";
import { rateLimit } from "./rateLimit.ts";

const DEFAULT_HISTORY_LIMIT = 500;
const MAX_HISTORY_LIMIT = 1000;

const app = new Hono();

app.use("/graphql", graphql({ db, schema }));

// The web app runs on another origin.
app.use("/v1/*", cors());
app.use("/v1/*", rateLimit());

app.get("/v1/prices", async (c) => c.json(await getPrices(nowSeconds())));

app.get("/v1/prices/:symbol/history", async (c) => {
  const to = readInteger(c.req.query("to"), "to") ?? nowSeconds();
  const from = readInteger(c.req.query("from"), "from") ?? Math.max(0, to - DAY_SECONDS);
  const limit = readInteger(c.req.query("limit"), "limit") ?? DEFAULT_HISTORY_LIMIT;
  if (from > to) throw new BadQueryError(`\`from\` (${from}) must not be after \`to\` (${to}).`);
  if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw new BadQueryError(`\`limit\` must be between 1 and ${MAX_HISTORY_LIMIT}, got ${limit}.`);
  }
  return c.json(await getPriceHistory(c.req.param("symbol"), { from, to, limit }));
});

app.route("/v1/offers", offers);
app.route("/v1", lendingRoutes);

app.all("/v1/*", (c) => {
  throw new RouteNotFoundError(c.req.method, c.req.path);
});

app.onError(respondWithError);

export default app;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A query parameter that must be a non-negative integer (unix seconds or a count), if present. */
function readInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new BadQueryError(`\`${name}\` must be a non-negative integer, got "${raw}".`);
  }
  return value;
}
