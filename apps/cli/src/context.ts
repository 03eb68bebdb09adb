import { readFile } from "node:fs/promises";
import { type Deployment, getDeployment } from "@hypotheca/sdk";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CliError } from "./errors.ts";
import { keystoreAccount } from "./keystore.ts";
import type { Output } from "./output.ts";

/** Flags every command accepts; each also has an environment variable (flags win). */
export const globalOptions = {
  "rpc-url": { type: "string" },
  "api-url": { type: "string" },
  "private-key": { type: "string" },
  keystore: { type: "string" },
  "password-file": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export type GlobalFlags = {
  "rpc-url"?: string;
  "api-url"?: string;
  "private-key"?: string;
  keystore?: string;
  "password-file"?: string;
  json?: boolean;
};

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_API_URL = "http://127.0.0.1:42069";

/** What a command runs with: clients, the protocol's addresses on this chain, the API, the output. */
export class Context {
  private signer: WalletClient<Transport, Chain, Account> | undefined;

  private constructor(
    readonly flags: GlobalFlags,
    readonly env: NodeJS.ProcessEnv,
    readonly publicClient: PublicClient<Transport, Chain>,
    readonly deployment: Deployment,
    readonly apiUrl: string,
    readonly out: Output,
  ) {}

  static async create(flags: GlobalFlags, env: NodeJS.ProcessEnv, out: Output): Promise<Context> {
    const rpcUrl = flags["rpc-url"] ?? env.HYPOTHECA_RPC_URL ?? DEFAULT_RPC_URL;
    const apiUrl = (flags["api-url"] ?? env.HYPOTHECA_API_URL ?? DEFAULT_API_URL).replace(/\/$/, "");
    const probe = createPublicClient({ transport: http(rpcUrl) });
    let chainId: number;
    try {
      chainId = await probe.getChainId();
    } catch (cause) {
      throw new CliError(`Cannot reach the RPC at ${rpcUrl}: pass --rpc-url or set HYPOTHECA_RPC_URL.`, { cause });
    }
    const chain = defineChain({
      id: chainId,
      name: `chain ${chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
    const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
    return new Context(flags, env, publicClient, getDeployment(chainId), apiUrl, out);
  }

  /** Whether a key or keystore is configured (read-only commands then show the signer's own position). */
  hasSigner(): boolean {
    return Boolean(
      this.flags["private-key"] ?? this.env.HYPOTHECA_PRIVATE_KEY ?? this.flags.keystore ?? this.env.HYPOTHECA_KEYSTORE,
    );
  }

  /** The signing wallet, from --private-key / HYPOTHECA_PRIVATE_KEY or a v3 keystore and its password. */
  async wallet(): Promise<WalletClient<Transport, Chain, Account>> {
    if (this.signer) return this.signer;
    const account = await this.account();
    this.signer = createWalletClient({
      account,
      chain: this.publicClient.chain,
      transport: http(this.publicClient.transport.url),
    });
    return this.signer;
  }

  private async account(): Promise<Account> {
    const key = this.flags["private-key"] ?? this.env.HYPOTHECA_PRIVATE_KEY;
    if (key) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliError("The private key must be 0x followed by 64 hex digits.");
      return privateKeyToAccount(key as Hex);
    }
    const keystore = this.flags.keystore ?? this.env.HYPOTHECA_KEYSTORE;
    if (!keystore) {
      throw new CliError(
        "This command signs: pass --private-key (or HYPOTHECA_PRIVATE_KEY), or --keystore with --password-file (or HYPOTHECA_KEYSTORE and HYPOTHECA_KEYSTORE_PASSWORD).",
      );
    }
    const passwordFile = this.flags["password-file"] ?? this.env.HYPOTHECA_PASSWORD_FILE;
    const password = passwordFile
      ? (await readFile(passwordFile, "utf8")).replace(/\r?\n$/, "")
      : this.env.HYPOTHECA_KEYSTORE_PASSWORD;
    if (password === undefined) {
      throw new CliError("The keystore needs its password: --password-file or HYPOTHECA_KEYSTORE_PASSWORD.");
    }
    return keystoreAccount(
      await readFile(keystore, "utf8").catch((cause) => {
        throw new CliError(`Cannot read the keystore ${keystore}.`, { cause });
      }),
      password,
    );
  }

  /** GET/POST against the Hypotheca API; its `{error:{code,message}}` bodies become CliErrors. */
  async api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        method: init?.method ?? "GET",
        headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (cause) {
      throw new CliError(`Cannot reach the API at ${this.apiUrl}: pass --api-url or set HYPOTHECA_API_URL.`, { cause });
    }
    const body = (await response.json().catch(() => undefined)) as
      | (T & { error?: { code: string; message: string } })
      | undefined;
    if (!response.ok) {
      const error = body?.error;
      throw new CliError(error ? `API: ${error.message} (${error.code})` : `API answered ${response.status}.`);
    }
    return body as T;
  }
}
