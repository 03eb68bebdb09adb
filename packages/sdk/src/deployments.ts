import type { Address } from "viem";
import { UnknownChainError } from "./errors.ts";
import { deployments } from "./generated/deployments.ts";

export type ContractDeployment = { address: Address; blockNumber: number };
/** Every contract the deploy script creates (see contracts/script/Deploy.s.sol). */
export type Deployment = { [name in keyof (typeof deployments)[31337]]: ContractDeployment };

/** The protocol's contracts on `chainId`, from the generated deployments; undefined when not deployed. */
export function findDeployment(chainId: number): Deployment | undefined {
  return (deployments as Record<number, Deployment | undefined>)[chainId];
}

/** Like findDeployment, but throws UnknownChainError. */
export function getDeployment(chainId: number): Deployment {
  const deployment = findDeployment(chainId);
  if (!deployment) throw new UnknownChainError(chainId);
  return deployment;
}
