import { chain } from "../wagmi.ts";

type Props = { blockNumber: bigint | undefined; rpcError: boolean };

/** Which chain the app reads, and whether its RPC answers (with the latest block). */
export function NetworkBadge({ blockNumber, rpcError }: Props) {
  const state = rpcError ? "down" : blockNumber === undefined ? "pending" : "up";
  const title = rpcError
    ? `The chain's RPC (${chain.rpcUrls.default.http[0]}) does not answer; retrying.`
    : `Chain id ${chain.id}, RPC ${chain.rpcUrls.default.http[0]}`;
  return (
    <div className={`network-badge network-badge--${state}`} data-testid="network-badge" title={title}>
      <span className="status-dot" aria-hidden="true" />
      <span className="network-badge__name">{chain.name}</span>
      <span className="network-badge__detail">
        {rpcError ? "RPC offline" : blockNumber === undefined ? "connecting…" : `#${blockNumber.toString()}`}
      </span>
    </div>
  );
}
