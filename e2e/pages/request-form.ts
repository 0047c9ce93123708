import { expect, type Page } from "@playwright/test";

/** Files a new Card OPEN-API card request through the form; returns the request's id. */
export async function requestCard(page: Page, options: { alias: string; amount: string; purpose: string }): Promise<string> {
  await page.goto("/requests/new");
  await page.getByRole("radio", { name: /New card/ }).check();
  await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
  await page.getByLabel("Product").selectOption({ label: "VISA 448533 · BIN 448533" });
  await page.getByLabel(/First top-up/).fill(options.amount);
  await page.getByLabel("Card name").fill(options.alias);
  await page.getByLabel("Purpose").fill(options.purpose);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}(\?sent=1)?$/);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  // Where focus lands after sending: what happened, not <body> and the page title alone.
  await expect(page.getByRole("status", { name: "Result of the last action" }).filter({ hasText: /^Request sent\./ })).toBeFocused();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}
