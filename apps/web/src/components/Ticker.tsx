import { ApiError } from "../api.ts";
import { env } from "../env.ts";
import { formatDateTime } from "../format.ts";
import { usePrices } from "../queries.ts";
import { TickerRow } from "./TickerRow.tsx";

/** The market ticker: every listed asset's USD price and 24 h change, live. */
export function Ticker() {
  const { query: prices, error } = usePrices();
  const rows = prices.data?.prices;

  return (
    <section className="panel" aria-labelledby="ticker-title">
      <div className="panel__header">
        <div>
          <h1 id="ticker-title" className="panel__title">
            Market prices
          </h1>
          <p className="panel__subtitle">USD prices from on-chain feeds, updated live.</p>
        </div>
        {prices.data && (
          <p className="panel__meta tabular" data-testid="as-of">
            <span className={`live-dot${error ? " live-dot--stale" : ""}`} aria-hidden="true" />
            As of {formatDateTime(prices.data.asOf)}
          </p>
        )}
      </div>

      {error && <ErrorBanner error={error} hasData={rows !== undefined} />}

      {prices.isPending && !error && (
        <div className="state" data-testid="ticker-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          Loading prices…
        </div>
      )}

      {rows?.length === 0 && (
        <div className="state" data-testid="ticker-empty">
          No assets are listed yet. Prices appear here as soon as a feed is listed in the registry.
        </div>
      )}

      {rows && rows.length > 0 && (
        <div className="table-scroll">
          <table className="ticker" data-testid="ticker">
            <thead>
              <tr>
                <th scope="col" className="ticker__rank">
                  #
                </th>
                <th scope="col">Asset</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  24h %
                </th>
                <th scope="col" className="ticker__chart">
                  Last 24h
                </th>
                <th scope="col" className="num ticker__updated">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((asset, i) => (
                <TickerRow key={asset.symbol} asset={asset} rank={i + 1} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ErrorBanner({ error, hasData }: { error: Error; hasData: boolean }) {
  const message =
    error instanceof ApiError && error.code === "UNREACHABLE"
      ? `The price service at ${env.apiUrl} is not reachable.`
      : error instanceof ApiError
        ? `The price service reported an error: ${error.message} (${error.code}).`
        : `Could not load prices: ${error.message}`;
  return (
    <div className="banner banner--error" role="alert" data-testid="ticker-error">
      <strong>{hasData ? "Prices may be out of date." : "Prices unavailable."}</strong> {message} Retrying
      automatically…
    </div>
  );
}
