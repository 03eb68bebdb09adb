import type { FeedConfig } from "../actions/getAssets.ts";

/**
 * Chainlink's USD feeds on Ethereum mainnet, for `getTicker(client, { assets })` on a live chain.
 * Public configuration, not our deployment: extend per chain as markets are added.
 */
export const chainlinkUsdFeeds: Readonly<Record<number, readonly FeedConfig[]>> = {
  1: [
    { symbol: "BTC", name: "Bitcoin", feed: "0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c" },
    { symbol: "ETH", name: "Ethereum", feed: "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419" },
    { symbol: "USDT", name: "Tether USDt", feed: "0x3E7d1eAB13ad0104d2750B8863b489D65364e32D" },
    { symbol: "USDC", name: "USDC", feed: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6" },
    { symbol: "LINK", name: "Chainlink", feed: "0x2c1d072e956AFFC0D435Cb7AC38EF18d24d9127c" },
    { symbol: "DAI", name: "Dai", feed: "0xAed0c38402a5d19df6E4c03F4E2DceD6e29c1ee9" },
    { symbol: "AAVE", name: "Aave", feed: "0x547a514d5e3769680Ce22B2361c10Ea13619e8a9" },
  ],
};
