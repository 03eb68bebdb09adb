import { formatPercent, formatUsd } from "@hypotheca/sdk";
import { useEffect, useRef, useState } from "react";
import type { AssetPrice } from "../api.ts";
import { formatDateTime, formatTime } from "../format.ts";
import { usePriceHistory } from "../queries.ts";
import { Sparkline } from "./Sparkline.tsx";

type Props = { asset: AssetPrice; rank: number };

export function TickerRow({ asset, rank }: Props) {
  const flash = usePriceFlash(asset.price);
  const change = asset.change24h;
  const direction = change === null ? "none" : change > 0 ? "up" : change < 0 ? "down" : "flat";
  return (
    <tr className="ticker-row" data-testid={`ticker-row-${asset.symbol}`}>
      <td className="ticker-row__rank tabular">{rank}</td>
      <td>
        <div className="ticker-row__asset">
          <span className="asset-logo" aria-hidden="true">
            {asset.symbol.slice(0, 1)}
          </span>
          <span className="asset-name">{asset.name}</span>
          <span className="asset-symbol">{asset.symbol}</span>
        </div>
      </td>
      <td className={`num ticker-row__price${flash ? ` flash--${flash.direction}` : ""}`} key={flash?.key}>
        <span data-testid="price" title={asset.price ?? undefined}>
          {asset.price === null ? "—" : formatUsd(asset.price)}
        </span>
      </td>
      <td className={`num change change--${direction}`}>
        <span data-testid="change">{change === null ? "—" : formatPercent(change)}</span>
      </td>
      <td className="ticker-row__chart">
        <AssetSparkline asset={asset} />
      </td>
      <td className="num ticker-row__updated">
        {asset.updatedAt === null ? (
          "—"
        ) : (
          <time
            data-testid="updated"
            dateTime={new Date(asset.updatedAt * 1000).toISOString()}
            title={formatDateTime(asset.updatedAt)}
          >
            {formatTime(asset.updatedAt)}
          </time>
        )}
      </td>
    </tr>
  );
}

/** The history line, extended with the live price when the ticker is ahead of the (slower) history query. */
function AssetSparkline({ asset }: { asset: AssetPrice }) {
  const history = usePriceHistory(asset.symbol);
  const points = history.data?.points ?? [];
  const prices = points.map((point) => Number(point.price));
  const last = points[points.length - 1];
  if (asset.price !== null && last && last.roundId !== asset.roundId) prices.push(Number(asset.price));
  return <Sparkline prices={prices} />;
}

/** Briefly highlights a price that moved: a fresh key restarts the CSS animation on each change. */
function usePriceFlash(price: string | null) {
  const previous = useRef(price);
  const [flash, setFlash] = useState<{ key: number; direction: "up" | "down" } | undefined>();
  useEffect(() => {
    const before = previous.current;
    previous.current = price;
    if (before === null || price === null || before === price) return;
    setFlash({ key: Date.now(), direction: Number(price) > Number(before) ? "up" : "down" });
  }, [price]);
  return flash;
}
