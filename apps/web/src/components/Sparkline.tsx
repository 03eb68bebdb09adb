type Props = { prices: readonly number[]; width?: number; height?: number };

/** A 24 h price line; green when the period ends higher than it started, red when lower. */
export function Sparkline({ prices, width = 112, height = 32 }: Props) {
  if (prices.length < 2) return <span className="sparkline sparkline--empty" aria-hidden="true" />;
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  const range = max - min || 1;
  const pad = 2;
  const step = (width - pad * 2) / (prices.length - 1);
  const points = prices
    .map((price, i) => {
      const x = pad + i * step;
      const y = pad + (height - pad * 2) * (1 - (price - min) / range);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  const first = prices[0] ?? 0;
  const last = prices[prices.length - 1] ?? 0;
  const trend = last > first ? "up" : last < first ? "down" : "flat";
  return (
    <svg
      className={`sparkline sparkline--${trend}`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`24 hour price trend: ${trend}`}
    >
      <polyline points={points} fill="none" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
