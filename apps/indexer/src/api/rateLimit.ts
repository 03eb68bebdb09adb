import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";

export class RateLimitedError extends ApiError {
  override name = "RateLimitedError";
  constructor(readonly retryAfterSeconds: number) {
    super(429, "RATE_LIMITED", `Too many requests from this address: retry in ${retryAfterSeconds} s.`);
  }
}

type Bucket = { tokens: number; updatedAt: number };

/**
 * Per-client token bucket (client = remote IP; the first X-Forwarded-For hop only when
 * API_TRUST_PROXY=true, since a client can forge it otherwise). Defaults suit a public API:
 * API_RATE_LIMIT_PER_SECOND=20 sustained, API_RATE_LIMIT_BURST=40.
 */
export function rateLimit(env: NodeJS.ProcessEnv = process.env): MiddlewareHandler {
  const perSecond = positive(env.API_RATE_LIMIT_PER_SECOND, 20, "API_RATE_LIMIT_PER_SECOND");
  const burst = positive(env.API_RATE_LIMIT_BURST, Math.max(40, perSecond), "API_RATE_LIMIT_BURST");
  const trustProxy = env.API_TRUST_PROXY === "true";
  const buckets = new Map<string, Bucket>();
  let sweptAt = Date.now();

  return async (c, next) => {
    const now = Date.now();
    // A full bucket holds nothing worth keeping: forget idle clients so the map stays small.
    if (now - sweptAt > 60_000) {
      for (const [client, bucket] of buckets) {
        if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond >= burst) buckets.delete(client);
      }
      sweptAt = now;
    }
    const client = clientAddress(c, trustProxy);
    const bucket = buckets.get(client) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    buckets.set(client, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      c.header("Retry-After", String(retryAfter));
      throw new RateLimitedError(retryAfter);
    }
    bucket.tokens -= 1;
    await next();
  };
}

function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  // @hono/node-server (Ponder's server) passes the Node request as `env.incoming`.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}".`);
  return value;
}
