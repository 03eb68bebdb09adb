import path from "node:path";
import { fileURLToPath } from "node:url";
import { priceFeedAbi } from "@hypotheca/sdk";
import { parseUnits } from "viem";
import { devnetAccounts } from "../devnet/src/accounts.ts";
import { devnetClients } from "../devnet/src/chain.ts";
import { expect, test } from "./fixtures.ts";

const screenshotPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/images/ticker.png");

const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

test("shows every seeded asset with its USD price and 24 h change, in API order", async ({ page, devnet }) => {
  await page.goto("/");

  const rows = page.locator('[data-testid^="ticker-row-"]');
  await expect(rows).toHaveCount(devnet.chain.assets.length);
  await expect(rows.first()).toHaveAttribute("data-testid", "ticker-row-BTC");

  const btc = page.getByTestId("ticker-row-BTC");
  await expect(btc).toContainText("Bitcoin");
  await expect(btc.getByTestId("price")).toHaveText("$104,092.71");
  await expect(btc.getByTestId("change")).toHaveText("-3.90%");
  await expect(btc.locator(".change")).toHaveClass(/change--down/);

  await expect(page.getByTestId("ticker-row-SHIB").getByTestId("price")).toHaveText("$0.0₄1163");
  await expect(page.getByTestId("ticker-row-LEO").locator(".change")).toHaveClass(/change--up/);
  await expect(page.getByTestId("network-badge")).toContainText(/#\d+/);
});

test("connects the built-in Dev account and shows its address and balance", async ({ page, devnet }) => {
  await page.goto("/");
  await page.getByTestId("connect-wallet").click();
  await page.getByTestId("connector-dev-account").click();

  await expect(page.getByTestId("account-address")).toHaveText(shortAddress(devnetAccounts.user.address));
  await expect(page.getByTestId("account-balance")).toHaveText("10,000.00 ETH");

  // The README's picture: connected, every sparkline drawn, nothing hovered.
  await expect(page.locator("svg.sparkline")).toHaveCount(devnet.chain.assets.length);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: screenshotPath, animations: "disabled" });

  await page.getByTestId("disconnect").click();
  await expect(page.getByTestId("connect-wallet")).toBeVisible();
});

test("shows a feed update on chain within seconds", async ({ page, devnet }) => {
  await page.goto("/");
  const price = page.getByTestId("ticker-row-BTC").getByTestId("price");
  await expect(price).toHaveText(/^\$[\d,]+\.\d{2}$/);
  await expect(price).not.toHaveText("$105,000.00");

  const btc = devnet.chain.assets.find((asset) => asset.symbol === "BTC");
  if (!btc) throw new Error("the devnet has no BTC feed");
  const { publicClient, walletClient } = devnetClients(devnet.rpcUrl);
  const hash = await walletClient(devnetAccounts.feeder).writeContract({
    address: btc.feed,
    abi: priceFeedAbi,
    functionName: "updateAnswer",
    args: [parseUnits("105000", 8)],
  });
  await publicClient.waitForTransactionReceipt({ hash });

  await expect(price).toHaveText("$105,000.00", { timeout: 15_000 });
});

test("says so when the price service is unreachable, and recovers by itself", async ({ page }) => {
  await page.route("**/v1/prices", (route) => route.abort("connectionrefused"));
  await page.goto("/");
  await expect(page.getByTestId("ticker-error")).toContainText("not reachable");
  await expect(page.getByTestId("ticker-error")).toContainText("Retrying");

  await page.unroute("**/v1/prices");
  await expect(page.getByTestId("ticker-row-BTC")).toBeVisible();
  await expect(page.getByTestId("ticker-error")).toHaveCount(0);
});
