import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useBlockNumber } from "wagmi";
import { fetchPriceHistory, fetchPrices } from "./api.ts";

export const pricesQueryKey = ["prices"] as const;
const historyQueryKey = (symbol: string) => ["prices", symbol, "history"] as const;

/**
 * The ticker: polled every 2 s, and refreshed at once on each new block (see useLiveBlockNumber).
 * `error` is the latest failure until a fetch succeeds again (react-query clears it at the start of each
 * retry while there is no data, which would flicker between the error and loading states).
 */
export function usePrices() {
  const query = usePricesQuery();
  const [lastError, setLastError] = useState<Error | null>(null);
  useEffect(() => {
    if (query.error) setLastError(query.error);
  }, [query.error]);
  const failing = query.errorUpdatedAt > query.dataUpdatedAt;
  return { query, error: failing ? (query.error ?? lastError) : null };
}

function usePricesQuery() {
  return useQuery({
    queryKey: pricesQueryKey,
    queryFn: ({ signal }) => fetchPrices(signal),
    refetchInterval: 2_000,
    refetchIntervalInBackground: false,
    // Fail fast to an error state, then keep polling: the interval retries every 2 s.
    retry: 1,
    retryDelay: 500,
  });
}

/** 24 h of rounds for one asset's sparkline; refreshed slowly (the live price extends it in the row). */
export function usePriceHistory(symbol: string) {
  return useQuery({
    queryKey: historyQueryKey(symbol),
    queryFn: ({ signal }) => fetchPriceHistory(symbol, signal),
    staleTime: 30_000,
    refetchInterval: 60_000,
    retry: 1,
  });
}

/**
 * Watches the chain head and, on every new block, refetches the ticker and wallet balances so an on-chain
 * feed update or transfer shows immediately instead of at the next poll.
 */
export function useLiveBlockNumber() {
  const queryClient = useQueryClient();
  const block = useBlockNumber({ watch: true });
  useEffect(() => {
    if (block.data === undefined) return;
    void queryClient.invalidateQueries({ queryKey: pricesQueryKey, exact: true });
    void queryClient.invalidateQueries({ queryKey: ["balance"] });
  }, [block.data, queryClient]);
  return block;
}
