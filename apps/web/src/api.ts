import { env } from "./env.ts";

/** One asset of `GET /v1/prices`, in registry order. Prices are exact decimal strings. */
export type AssetPrice = {
  symbol: string;
  name: string;
  feed: `0x${string}`;
  decimals: number;
  roundId: string;
  /** Latest USD price, e.g. "104092.7082"; null when the feed has no round yet. */
  price: string | null;
  /** 24 h change in percent (-3.9 = -3.90 %); null without a round 24 h back. */
  change24h: number | null;
  /** Unix seconds of the latest round. */
  updatedAt: number | null;
};

export type PricesResponse = { asOf: number; prices: AssetPrice[] };

export type PricePoint = { roundId: string; price: string; updatedAt: number };
export type PriceHistoryResponse = { symbol: string; name: string; decimals: number; points: PricePoint[] };

/** A failed API call: `code` is the API's error code, or "UNREACHABLE" / "BAD_RESPONSE" from the client. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

async function getJson<T>(
  path: string,
  signal: AbortSignal | undefined,
  isValid: (body: unknown) => boolean,
): Promise<T> {
  const url = `${env.apiUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError("UNREACHABLE", `The price service at ${env.apiUrl} is not reachable.`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ApiError(
      typeof error?.code === "string" ? error.code : `HTTP_${response.status}`,
      typeof error?.message === "string" ? error.message : `The price service answered ${response.status}.`,
      response.status,
    );
  }
  if (!isValid(body)) throw new ApiError("BAD_RESPONSE", `Unexpected answer from ${url}.`, response.status);
  return body as T;
}

export function fetchPrices(signal?: AbortSignal): Promise<PricesResponse> {
  return getJson<PricesResponse>("/v1/prices", signal, (body) =>
    Array.isArray((body as PricesResponse | undefined)?.prices),
  );
}

export function fetchPriceHistory(symbol: string, signal?: AbortSignal): Promise<PriceHistoryResponse> {
  return getJson<PriceHistoryResponse>(`/v1/prices/${encodeURIComponent(symbol)}/history`, signal, (body) =>
    Array.isArray((body as PriceHistoryResponse | undefined)?.points),
  );
}
