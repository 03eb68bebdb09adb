import { type Requirement, sendRequirements } from "@hypotheca/sdk";
import type { Context } from "./context.ts";

function describe(requirement: Requirement): string {
  switch (requirement.kind) {
    case "erc20Allowance":
      return `Approving ${requirement.spender} to spend ${requirement.amount} of token ${requirement.token}`;
    case "erc721Approval":
      return `Approving ${requirement.spender} for token ${requirement.tokenId} of ${requirement.collection}`;
    case "erc1155ApprovalForAll":
      return `Approving ${requirement.spender} for all tokens of ${requirement.collection}`;
  }
}

/** Sends the approvals an operation still needs, one by one with progress. */
export async function fulfil(context: Context, requirements: Requirement[]): Promise<void> {
  const wallet = await context.wallet();
  for (const requirement of requirements) {
    context.out.progress(`${describe(requirement)}…`);
    const [receipt] = await sendRequirements(wallet, [requirement]);
    context.out.progress(`  done: ${receipt?.transactionHash} (block ${receipt?.blockNumber})`);
  }
}
