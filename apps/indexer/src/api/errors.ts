import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The body of every failed /v1 call: a stable code for programs, a message for people. */
export type ErrorBody = { error: { code: string; message: string } };

/** Root of the API's errors; each failure is its own class with a fixed status and code. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class UnknownSymbolError extends ApiError {
  override name = "UnknownSymbolError";
  constructor(symbol: string) {
    super(404, "UNKNOWN_SYMBOL", `No asset is listed under "${symbol}". GET /v1/prices lists the symbols.`);
  }
}

export class BadQueryError extends ApiError {
  override name = "BadQueryError";
  constructor(message: string) {
    super(400, "BAD_QUERY", message);
  }
}

export class RouteNotFoundError extends ApiError {
  override name = "RouteNotFoundError";
  constructor(method: string, path: string) {
    super(
      404,
      "NOT_FOUND",
      `No route ${method} ${path}. Routes: GET /v1/prices, GET /v1/prices/:symbol/history, GET /v1/loans, ` +
        "GET /v1/loans/:id, GET /v1/pools, GET /v1/pools/:address, GET /v1/auctions, GET /v1/collections, " +
        "GET /v1/collections/:address, GET /v1/collections/:address/floor, POST /v1/offers, GET /v1/offers, " +
        "GET /v1/offers/:hash.",
    );
  }
}

/** Hono error handler: ApiErrors become their JSON body; anything else is logged and answered 500. */
export function respondWithError(error: Error, c: Context) {
  if (error instanceof ApiError) {
    return c.json<ErrorBody>({ error: { code: error.code, message: error.message } }, error.status);
  }
  console.error(`${c.req.method} ${c.req.path} failed:`, error);
  return c.json<ErrorBody>(
    { error: { code: "INTERNAL_ERROR", message: "The indexer failed to answer; see its log. Retry later." } },
    500,
  );
}
