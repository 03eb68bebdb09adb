import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import {
  type Connector,
  useBalance,
  useConnect,
  useConnection,
  useConnectors,
  useDisconnect,
  useSwitchChain,
} from "wagmi";
import { formatEth, shortAddress } from "../format.ts";
import { chain, DEV_ACCOUNT_CONNECTOR_ID } from "../wagmi.ts";

/** Wallet connect / account chip for the header. */
export function Wallet() {
  const connection = useConnection();
  if (connection.address && (connection.status === "connected" || connection.status === "reconnecting")) {
    return (
      <ConnectedAccount
        address={connection.address}
        connectorName={connection.connector?.name ?? "Wallet"}
        chainId={connection.chainId}
      />
    );
  }
  return <ConnectMenu />;
}

function ConnectedAccount({
  address,
  connectorName,
  chainId,
}: {
  address: Address;
  connectorName: string;
  chainId: number | undefined;
}) {
  const balance = useBalance({ address, chainId: chain.id });
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const wrongChain = chainId !== undefined && chainId !== chain.id;

  return (
    <div className="wallet" data-testid="wallet">
      {wrongChain && (
        <button
          type="button"
          className="button button--warning"
          disabled={switchChain.isPending}
          onClick={() => switchChain.mutate({ chainId: chain.id })}
        >
          {switchChain.isPending ? "Switching…" : `Switch to ${chain.name}`}
        </button>
      )}
      <div className="account-chip" title={`${address} (${connectorName})`}>
        <span className="account-chip__balance tabular" data-testid="account-balance">
          {balance.data ? formatEth(balance.data.value, balance.data.decimals, balance.data.symbol) : "…"}
        </span>
        <span className="account-chip__address" data-testid="account-address">
          {shortAddress(address)}
        </span>
      </div>
      <button
        type="button"
        className="button button--ghost"
        data-testid="disconnect"
        disabled={disconnect.isPending}
        onClick={() => disconnect.mutate()}
      >
        Disconnect
      </button>
    </div>
  );
}

function ConnectMenu() {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const connectors = useConnectors();
  const connect = useConnect();

  // Close on a click outside or Escape.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  const discovered = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const hasInjectedProvider = Boolean((window as { ethereum?: unknown }).ethereum);
  // The generic window.ethereum entry is redundant once EIP-6963 has named the installed wallets.
  const listed = connectors
    .filter((c) => c.id !== "injected" || (discovered.length === 0 && hasInjectedProvider))
    // Real wallets first; the devnet's built-in account last.
    .sort((a, b) => Number(a.id === DEV_ACCOUNT_CONNECTOR_ID) - Number(b.id === DEV_ACCOUNT_CONNECTOR_ID));
  const pendingId = connect.isPending ? connect.variables?.connector : undefined;

  return (
    <div className="wallet" ref={menu}>
      <button
        type="button"
        className="button button--primary"
        data-testid="connect-wallet"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        Connect wallet
      </button>
      {open && (
        <div className="wallet-menu" role="menu" data-testid="wallet-menu">
          {listed.map((connector) => (
            <button
              type="button"
              role="menuitem"
              key={connector.uid}
              className="wallet-menu__item"
              data-testid={`connector-${connector.id}`}
              disabled={connect.isPending}
              onClick={() => connect.mutate({ connector, chainId: chain.id }, { onSuccess: () => setOpen(false) })}
            >
              <ConnectorIcon connector={connector} />
              <span>{connectorLabel(connector)}</span>
              {pendingId === connector ? (
                <span className="wallet-menu__hint">Connecting…</span>
              ) : (
                connector.id === DEV_ACCOUNT_CONNECTOR_ID && <span className="wallet-menu__hint">devnet</span>
              )}
            </button>
          ))}
          {listed.length === 0 && (
            <p className="wallet-menu__empty">
              No browser wallet found. Install an Ethereum wallet such as MetaMask, then reload.
            </p>
          )}
          {connect.error && (
            <p className="wallet-menu__error" role="alert">
              {connectErrorMessage(connect.error)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function connectorLabel(connector: Connector): string {
  if (connector.id === "injected") return "Browser wallet";
  return connector.name;
}

function ConnectorIcon({ connector }: { connector: Connector }) {
  if (connector.icon) return <img className="wallet-menu__icon" src={connector.icon} alt="" width={20} height={20} />;
  const letter = connector.id === DEV_ACCOUNT_CONNECTOR_ID ? "D" : connector.name.slice(0, 1).toUpperCase();
  return (
    <span className="wallet-menu__icon wallet-menu__icon--letter" aria-hidden="true">
      {letter}
    </span>
  );
}

function connectErrorMessage(error: Error): string {
  switch (error.name) {
    case "UserRejectedRequestError":
      return "The wallet rejected the request.";
    case "ProviderNotFoundError":
      return "No browser wallet found. Install an Ethereum wallet such as MetaMask, then reload.";
    case "ConnectorAlreadyConnectedError":
      return "This wallet is already connected.";
    default:
      return `Could not connect: ${error.message.split("\n")[0]}`;
  }
}
