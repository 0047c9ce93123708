import { expect, test, type Page } from "./fixtures/test";
import { setLowBalanceThreshold } from "./fixtures/low-balance-db";
import { storageStateFor } from "./fixtures/roles";
import { SANDBOX_URL } from "./fixtures/sandbox";

let walletBefore = "";

async function setWallet(available: string): Promise<void> {
  const response = await fetch(`${SANDBOX_URL}/_sandbox/funding`, { method: "POST", body: JSON.stringify({ provider: "cardopenapi", available }) });
  expect(response.status).toBe(200);
}

async function refreshAll(page: Page): Promise<void> {
  await page.goto("/funding");
  await page.getByRole("button", { name: "Refresh all balances" }).click();
  await expect(page.getByText("Up to date.")).toBeVisible({ timeout: 30_000 });
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateFor("finance") });

test.beforeAll(async () => {
  const state = (await (await fetch(`${SANDBOX_URL}/_sandbox/state`)).json()) as { cardopenapi: { wallet: { balance: string } } };
  walletBefore = state.cardopenapi.wallet.balance;
  await setLowBalanceThreshold({ provider: "cardopenapi", currency: "USD", amountMinor: "100000" });
});

test.afterAll(async () => {
  await setWallet(walletBefore);
  await setLowBalanceThreshold(null);
});

test("finance is told once when a funding balance drops below its threshold, and sees it on the overview and /funding", async ({ page }) => {
  await setWallet("250.00");
  await refreshAll(page);
  await refreshAll(page);

  await expect(page.getByText("USD is below its low-balance threshold")).toBeVisible();
  await page.screenshot({ path: "test-results/low-balance-funding.png", fullPage: true });

  await page.goto("/");
  const warnings = page.getByRole("list", { name: "Low-balance warnings" });
  await expect(warnings).toContainText("Card OPEN-API sandbox");
  // Specs running beside this one issue and top up Card OPEN-API cards from the same sandbox wallet, so by the time the
  // balance is read it may be a little under the $250.00 set above: any amount up to it is the warning this spec wants.
  await expect(warnings).toContainText(/\$\d+\.\d\d available, below the \$1,000\.00 threshold/);
  const shown = /\$(\d+\.\d\d) available/.exec((await warnings.textContent()) ?? "")?.[1];
  expect(Number(shown)).toBeGreaterThan(0);
  expect(Number(shown)).toBeLessThanOrEqual(250);

  await page.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  await expect(page.getByText("Card OPEN-API sandbox: USD funding is low")).toHaveCount(1);
  await page.screenshot({ path: "test-results/low-balance-bell.png" });
  await page.keyboard.press("Escape");

  // Back above the threshold: the warning goes, and the overview no longer lists it.
  await setWallet(walletBefore);
  await refreshAll(page);
  await expect(page.getByText("USD is below its low-balance threshold")).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Funding balances" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Low-balance warnings" })).toHaveCount(0);
});
