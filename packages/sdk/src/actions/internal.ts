/** Plumbing shared by the lending and pool actions: clients, addresses, the simulate -> send -> receipt flow. */
import type {
  Abi,
  Account,
  Address,
  Chain,
  Client,
  ContractEventName,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hash,
  Log,
  ParseEventLogsReturnType,
  TransactionReceipt,
  Transport,
} from "viem";
import { isAddressEqual, parseEventLogs } from "viem";
import { getBlock, getChainId, simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import { AccountNotFoundError, EventNotFoundError, TransactionRevertedError } from "../actionErrors.ts";
import { toContractRevertedError } from "../contractErrors.ts";
import { getDeployment } from "../deployments.ts";

/** Any client that can read: a public client, or a wallet client over a transport that answers eth_call. */
export type ReadClient = Client<Transport, Chain | undefined, Account | undefined>;
/** A client that can sign and send; reads go over the same transport. */
export type WriteClient = Client<Transport, Chain | undefined, Account | undefined>;

/** Parameters every write action takes. */
export type WriteParameters = {
  /** Sender; defaults to the client's account. */
  account?: Account | Address;
};

/** What every write action returns besides its decoded result. */
export type WriteResult = { hash: Hash; receipt: TransactionReceipt };

export function resolveAccount(client: WriteClient, account: Account | Address | undefined): Account | Address {
  const resolved = account ?? client.account;
  if (!resolved) throw new AccountNotFoundError();
  return resolved;
}

export const accountAddress = (account: Account | Address): Address =>
  typeof account === "string" ? account : account.address;

export async function chainIdOf(client: ReadClient): Promise<number> {
  return client.chain?.id ?? (await getChainId(client));
}

export async function loanCoreAddress(client: ReadClient, loanCore: Address | undefined): Promise<Address> {
  return loanCore ?? getDeployment(await chainIdOf(client)).loanCore.address;
}

export async function poolAddress(client: ReadClient, pool: Address | undefined): Promise<Address> {
  return pool ?? getDeployment(await chainIdOf(client)).lendingPool.address;
}

export async function latestTimestamp(client: ReadClient): Promise<bigint> {
  return (await getBlock(client, { blockTag: "latest" })).timestamp;
}

/**
 * Runs a simulation and turns a revert into ContractRevertedError, so a failing call is explained before
 * anything is signed.
 */
export async function simulate<result>(
  run: () => Promise<result>,
  context: { contract: Address; functionName: string },
): Promise<result> {
  try {
    return await run();
  } catch (error) {
    throw toContractRevertedError(error, context);
  }
}

/**
 * Sends a simulated request and waits for its receipt; a revert on chain (state changed after the
 * simulation) throws TransactionRevertedError.
 */
export async function send(
  client: WriteClient,
  // The request simulateContract returned: typed by each action's own simulation.
  request: Parameters<typeof writeContract>[1],
): Promise<WriteResult> {
  let hash: Hash;
  try {
    hash = await writeContract(client, request);
  } catch (error) {
    throw toContractRevertedError(error, { contract: request.address, functionName: request.functionName });
  }
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(hash);
  return { hash, receipt };
}

/** The events `eventName` that `address` emitted in `logs`. */
export function eventsOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  abi: abi,
  eventName: eventName,
  address: Address,
  logs: Log[],
): ParseEventLogsReturnType<abi, eventName, true> {
  return parseEventLogs({ abi, eventName, logs }).filter((log) =>
    isAddressEqual(log.address, address),
  ) as ParseEventLogsReturnType<abi, eventName, true>;
}

/** The single event `eventName` of `address` in the receipt; throws EventNotFoundError without one. */
export function eventOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  abi: abi,
  eventName: eventName,
  address: Address,
  { receipt, hash }: WriteResult,
): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const event = eventsOf(abi, eventName, address, receipt.logs).at(-1);
  if (!event) throw new EventNotFoundError(eventName, hash);
  return event;
}

type Mutability = "nonpayable" | "payable";

/**
 * The write flow of every action: simulate (a revert becomes ContractRevertedError before anything is
 * signed), send, wait for the receipt. Returns the simulated return value with the receipt.
 */
export async function execute<const abi extends Abi, functionName extends ContractFunctionName<abi, Mutability>>(
  client: WriteClient,
  call: {
    address: Address;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, Mutability, functionName>;
    account?: Account | Address | undefined;
    value?: bigint;
  },
): Promise<WriteResult & { result: ContractFunctionReturnType<abi, Mutability, functionName> }> {
  const account = resolveAccount(client, call.account);
  const { result, request } = await simulate(
    // viem's generic simulateContract parameters cannot be spelled for an open `abi`; `call` is checked
    // against the ABI in this function's signature.
    () => simulateContract(client, { ...call, account } as Parameters<typeof simulateContract>[1]),
    { contract: call.address, functionName: call.functionName },
  );
  const written = await send(client, request as Parameters<typeof writeContract>[1]);
  return { ...written, result: result as ContractFunctionReturnType<abi, Mutability, functionName> };
}
