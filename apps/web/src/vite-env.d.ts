/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Indexer API base URL. Default http://127.0.0.1:42069. */
  readonly VITE_API_URL?: string;
  /** JSON-RPC URL of the chain (anvil on the devnet). Default http://127.0.0.1:8545. */
  readonly VITE_RPC_URL?: string;
  /** Devnet only: an unlocked anvil account offered as the built-in "Dev account" wallet. */
  readonly VITE_DEV_ACCOUNT?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
