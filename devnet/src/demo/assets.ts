/**
 * The demo world's assets: the 30 listed at the top of shared/seeds/000_4854ba0671197cfb.txt, with the
 * price and 24 h change printed there. Prices are exact decimal strings; `decimals` is the feed's:
 * Chainlink's 8 for USD feeds, 18 where a price is so small that 8 decimals would lose digits.
 */
export type DemoAsset = {
  symbol: string;
  name: string;
  /** USD price now. */
  price: string;
  /** 24 h change in percent, two decimals, as listed. */
  change24h: string;
  decimals: number;
};

export const DEMO_ASSETS: readonly DemoAsset[] = [
  { symbol: "BTC", name: "Bitcoin", price: "104092.7082", change24h: "-3.90", decimals: 8 },
  { symbol: "ETH", name: "Ethereum", price: "2500.1510", change24h: "-9.45", decimals: 8 },
  { symbol: "USDT", name: "Tether USDt", price: "1.0003", change24h: "0.02", decimals: 8 },
  { symbol: "XRP", name: "XRP", price: "2.1161", change24h: "-5.92", decimals: 8 },
  { symbol: "BNB", name: "BNB", price: "644.7652", change24h: "-3.34", decimals: 8 },
  { symbol: "SOL", name: "Solana", price: "143.3632", change24h: "-10.62", decimals: 8 },
  { symbol: "USDC", name: "USDC", price: "0.9995", change24h: "-0.03", decimals: 8 },
  { symbol: "DOGE", name: "Dogecoin", price: "0.1728", change24h: "-9.80", decimals: 8 },
  { symbol: "TRX", name: "TRON", price: "0.2700", change24h: "-2.70", decimals: 8 },
  { symbol: "ADA", name: "Cardano", price: "0.6282", change24h: "-9.47", decimals: 8 },
  { symbol: "HYPE", name: "Hyperliquid", price: "38.5896", change24h: "-7.04", decimals: 8 },
  { symbol: "SUI", name: "Sui", price: "2.9976", change24h: "-10.50", decimals: 8 },
  { symbol: "LINK", name: "Chainlink", price: "13.0865", change24h: "-10.97", decimals: 8 },
  { symbol: "LEO", name: "UNUS SED LEO", price: "8.8697", change24h: "1.35", decimals: 8 },
  { symbol: "XLM", name: "Stellar", price: "0.2563", change24h: "-7.44", decimals: 8 },
  { symbol: "BCH", name: "Bitcoin Cash", price: "401.8213", change24h: "-6.21", decimals: 8 },
  { symbol: "AVAX", name: "Avalanche", price: "18.8844", change24h: "-11.63", decimals: 8 },
  { symbol: "TON", name: "Toncoin", price: "2.9457", change24h: "-8.46", decimals: 8 },
  { symbol: "SHIB", name: "Shiba Inu", price: "0.00001163", change24h: "-9.64", decimals: 18 },
  { symbol: "HBAR", name: "Hedera", price: "0.1538", change24h: "-10.65", decimals: 8 },
  { symbol: "LTC", name: "Litecoin", price: "82.4785", change24h: "-9.46", decimals: 8 },
  { symbol: "DOT", name: "Polkadot", price: "3.7430", change24h: "-9.96", decimals: 8 },
  { symbol: "USDE", name: "Ethena USDe", price: "1.0004", change24h: "-0.01", decimals: 8 },
  { symbol: "XMR", name: "Monero", price: "306.8529", change24h: "-6.55", decimals: 8 },
  { symbol: "DAI", name: "Dai", price: "0.9998", change24h: "0.01", decimals: 8 },
  { symbol: "BGB", name: "Bitget Token", price: "4.4842", change24h: "-5.28", decimals: 8 },
  { symbol: "PEPE", name: "Pepe", price: "0.00001069", change24h: "-13.19", decimals: 18 },
  { symbol: "UNI", name: "Uniswap", price: "7.0207", change24h: "-13.47", decimals: 8 },
  { symbol: "PI", name: "Pi", price: "0.5498", change24h: "-13.03", decimals: 8 },
  { symbol: "AAVE", name: "Aave", price: "268.2967", change24h: "-9.88", decimals: 8 },
];
