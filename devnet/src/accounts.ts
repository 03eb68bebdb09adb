import { mnemonicToAccount } from "viem/accounts";

/** anvil's default mnemonic: well known, devnet only. */
export const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";

/** Named devnet actors (anvil's default accounts, 10,000 ETH each). */
export const devnetAccounts = {
  /** Deploys and owns the protocol and the demo feeds. */
  deployer: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 0 }),
  /** Writes demo feed answers (the oracle feeder role). */
  feeder: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 1 }),
  /** The web app's built-in dev wallet. */
  user: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 2 }),
  /** Demo lenders and borrower (benchmarks and, later, the demo market). */
  lender: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 3 }),
  lender2: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 4 }),
  borrower: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 5 }),
  /** The floor oracle's five feeders (quorum 3). */
  floorFeeders: [1, 6, 7, 8, 9].map((addressIndex) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex })),
};
