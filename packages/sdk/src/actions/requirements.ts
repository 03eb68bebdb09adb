/**
 * Requirements: the approvals an account must still send before an operation can succeed (morpho-org
 * sdks' term). Each `get<Operation>Requirements` returns only what is missing, as ready-to-send
 * transactions; `sendRequirements` sends them.
 */
import {
  type Account,
  type Address,
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  erc1155Abi,
  type Hex,
  isAddressEqual,
  type TransactionReceipt,
} from "viem";
import { readContract, sendTransaction, waitForTransactionReceipt } from "viem/actions";
import { InvalidInputError, NotOwnerError, TransactionRevertedError } from "../actionErrors.ts";
import { accountAddress, type ReadClient, resolveAccount, type WriteClient } from "./internal.ts";

export type Requirement =
  | {
      kind: "erc20Allowance";
      /** The ERC-20 (currency, pool asset or pool shares). */
      token: Address;
      owner: Address;
      spender: Address;
      /** What the allowance must be at least (the request approves exactly this). */
      amount: bigint;
      /** The allowance now. */
      current: bigint;
      request: { to: Address; data: Hex };
    }
  | {
      kind: "erc721Approval";
      collection: Address;
      tokenId: bigint;
      owner: Address;
      spender: Address;
      request: { to: Address; data: Hex };
    }
  | {
      kind: "erc1155ApprovalForAll";
      collection: Address;
      owner: Address;
      spender: Address;
      request: { to: Address; data: Hex };
    };

/** An ERC-20 allowance of `owner` to `spender` of at least `amount`, or undefined when it is there. */
export async function erc20AllowanceRequirement(
  client: ReadClient,
  { token, owner, spender, amount }: { token: Address; owner: Address; spender: Address; amount: bigint },
): Promise<Requirement | undefined> {
  if (amount === 0n) return undefined;
  const current = await readContract(client, {
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [owner, spender],
  });
  if (current >= amount) return undefined;
  return {
    kind: "erc20Allowance",
    token,
    owner,
    spender,
    amount,
    current,
    request: {
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
    },
  };
}

/**
 * The collateral approval `owner` must give `spender` (LoanCore) so it can escrow the NFT: ERC-721
 * `approve` of the one token (or an existing approval for all), ERC-1155 `setApprovalForAll`. Checks
 * that `owner` holds the token first (NotOwnerError).
 */
export async function collateralRequirement(
  client: ReadClient,
  {
    collateral,
    tokenId,
    collateralAmount,
    owner,
    spender,
  }: { collateral: Address; tokenId: bigint; collateralAmount: bigint; owner: Address; spender: Address },
): Promise<Requirement | undefined> {
  if (collateralAmount === 0n) {
    const holder = await readContract(client, {
      address: collateral,
      abi: erc721Abi,
      functionName: "ownerOf",
      args: [tokenId],
    });
    if (!isAddressEqual(holder, owner)) throw new NotOwnerError(owner, `${collateral} #${tokenId}`, holder);
    const [approved, forAll] = await Promise.all([
      readContract(client, { address: collateral, abi: erc721Abi, functionName: "getApproved", args: [tokenId] }),
      readContract(client, {
        address: collateral,
        abi: erc721Abi,
        functionName: "isApprovedForAll",
        args: [owner, spender],
      }),
    ]);
    if (forAll || isAddressEqual(approved, spender)) return undefined;
    return {
      kind: "erc721Approval",
      collection: collateral,
      tokenId,
      owner,
      spender,
      request: {
        to: collateral,
        data: encodeFunctionData({ abi: erc721Abi, functionName: "approve", args: [spender, tokenId] }),
      },
    };
  }
  const [balance, forAll] = await Promise.all([
    readContract(client, { address: collateral, abi: erc1155Abi, functionName: "balanceOf", args: [owner, tokenId] }),
    readContract(client, {
      address: collateral,
      abi: erc1155Abi,
      functionName: "isApprovedForAll",
      args: [owner, spender],
    }),
  ]);
  if (balance < collateralAmount) {
    throw new NotOwnerError(owner, `${collateralAmount} of ${collateral} id ${tokenId} (holds ${balance})`);
  }
  if (forAll) return undefined;
  return {
    kind: "erc1155ApprovalForAll",
    collection: collateral,
    owner,
    spender,
    request: {
      to: collateral,
      data: encodeFunctionData({ abi: erc1155Abi, functionName: "setApprovalForAll", args: [spender, true] }),
    },
  };
}

/** Drops the undefined entries (requirements already met). */
export const missing = (requirements: (Requirement | undefined)[]): Requirement[] =>
  requirements.filter((requirement): requirement is Requirement => requirement !== undefined);

/**
 * Sends each requirement in order from its owner and waits for every receipt.
 * @example
 * await sendRequirements(walletClient, await getAcceptLoanOfferRequirements(walletClient, params));
 */
export async function sendRequirements(
  client: WriteClient,
  requirements: readonly Requirement[],
  { account }: { account?: Account | Address } = {},
): Promise<TransactionReceipt[]> {
  const sender = resolveAccount(client, account);
  const receipts: TransactionReceipt[] = [];
  for (const requirement of requirements) {
    if (!isAddressEqual(accountAddress(sender), requirement.owner)) {
      throw new InvalidInputError(
        "account",
        `requirement for ${requirement.owner} cannot be sent by ${accountAddress(sender)}`,
      );
    }
    const hash = await sendTransaction(client, {
      account: sender,
      chain: client.chain ?? null,
      to: requirement.request.to,
      data: requirement.request.data,
    });
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(hash);
    receipts.push(receipt);
  }
  return receipts;
}
