import type { Address, Chain, Client, Transport } from "viem";
import { getChainId, readContract } from "viem/actions";
import { getDeployment } from "../deployments.ts";
import { priceFeedRegistryAbi } from "../generated/abis.ts";

/** An asset with a USD price feed: from the PriceFeedRegistry or, on a live chain, a config. */
export type FeedConfig = { symbol: string; name: string; feed: Address };

export type GetAssetsParameters = {
  /** Defaults to the PriceFeedRegistry deployed on the client's chain. */
  registry?: Address;
};
export type GetAssetsReturnType = FeedConfig[];

/**
 * Every asset listed in the PriceFeedRegistry.
 * @example
 * const assets = await getAssets(client);
 */
export async function getAssets<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
  { registry }: GetAssetsParameters = {},
): Promise<GetAssetsReturnType> {
  const address = registry ?? getDeployment(client.chain?.id ?? (await getChainId(client))).priceFeedRegistry.address;
  const assets = await readContract(client, { address, abi: priceFeedRegistryAbi, functionName: "getAssets" });
  return assets.map(({ symbol, name, feed }) => ({ symbol, name, feed }));
}
