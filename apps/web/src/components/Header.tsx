import { NetworkBadge } from "./NetworkBadge.tsx";
import { Wallet } from "./Wallet.tsx";

type Props = { blockNumber: bigint | undefined; rpcError: boolean };

export function Header({ blockNumber, rpcError }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/" aria-label="Hypotheca home">
          <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <path d="M10 9v14M22 9v14M10 16h12" />
          </svg>
          <span className="brand__name">Hypotheca</span>
        </a>
        <nav className="site-nav" aria-label="Main">
          <a className="site-nav__link site-nav__link--active" href="/" aria-current="page">
            Markets
          </a>
        </nav>
        <div className="site-header__actions">
          <NetworkBadge blockNumber={blockNumber} rpcError={rpcError} />
          <Wallet />
        </div>
      </div>
    </header>
  );
}
