import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { respondWithError } from "../src/api/errors.ts";
import { rateLimit } from "../src/api/rateLimit.ts";

/**
 * The /v1 rate limiter as the API mounts it (middleware + the API's error handler), driven in-process:
 * a burst through a live server would depend on how fast this machine delivers it.
 */
function api(env: Record<string, string>) {
  const app = new Hono();
  app.use("/v1/*", rateLimit(env));
  app.get("/v1/offers", (c) => c.json({ offers: [] }));
  app.onError(respondWithError);
  return (headers: Record<string, string> = {}) => app.request("/v1/offers", { headers });
}

describe("rate limit", () => {
  it("serves the burst, then answers 429 RATE_LIMITED with Retry-After, then refills", async () => {
    const get = api({ API_RATE_LIMIT_PER_SECOND: "5", API_RATE_LIMIT_BURST: "3" });
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBe(1);
    expect(await limited.json()).toEqual({
      error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many requests .* retry in 1 s/) },
    });
    // 5 tokens per second: one is back after 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await get()).status).toBe(200);
  });

  it("keeps a bucket per client only when told to trust the proxy's X-Forwarded-For", async () => {
    const env = { API_RATE_LIMIT_PER_SECOND: "1", API_RATE_LIMIT_BURST: "1" };
    const trusting = api({ ...env, API_TRUST_PROXY: "true" });
    expect((await trusting({ "x-forwarded-for": "203.0.113.1" })).status).toBe(200);
    expect((await trusting({ "x-forwarded-for": "203.0.113.2, 10.0.0.1" })).status).toBe(200);
    expect((await trusting({ "x-forwarded-for": "203.0.113.1" })).status).toBe(429);

    // Without trust the header is ignored: a client cannot mint fresh buckets by forging it.
    const direct = api(env);
    expect((await direct({ "x-forwarded-for": "203.0.113.1" })).status).toBe(200);
    expect((await direct({ "x-forwarded-for": "203.0.113.2" })).status).toBe(429);
  });

  it("refuses a limit that is not a positive number", () => {
    expect(() => rateLimit({ API_RATE_LIMIT_PER_SECOND: "0" })).toThrow(/API_RATE_LIMIT_PER_SECOND must be a positive/);
    expect(() => rateLimit({ API_RATE_LIMIT_BURST: "lots" })).toThrow(/API_RATE_LIMIT_BURST must be a positive/);
  });
});
