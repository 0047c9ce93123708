import { expect, test, type Page } from "./fixtures/test";
import { uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";
import { SANDBOX_URL } from "./fixtures/sandbox";
import { choosePerson } from "./pages/person-combobox";

const prefix = uniquePrefix("Refused");
const alias = `${prefix} Ads`;
let cardUrl = "";

async function setCardepassFunding(available: string): Promise<void> {
  const response = await fetch(`${SANDBOX_URL}/_sandbox/funding`, { method: "POST", body: JSON.stringify({ provider: "cardepass", available }) });
  expect(response.status).toBe(200);
}

async function cardepassFunding(): Promise<string> {
  const state = (await (await fetch(`${SANDBOX_URL}/_sandbox/state`)).json()) as { cardepass: { funding: { available: string } } };
  return state.cardepass.funding.available;
}

/** Cardhub's stored balances read again from the sandbox, so the issue form's own funding check sees what it holds. */
async function refreshBalances(page: Page): Promise<void> {
  await page.goto("/funding");
  await page.getByRole("button", { name: "Refresh all balances" }).click();
  await expect(page.getByText("Up to date.")).toBeVisible({ timeout: 30_000 });
}

test.describe.configure({ mode: "serial" });

test.describe("finance, after the provider refused a card's issue", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("lands on a page that says the card was not issued and why, focused, offering nothing that cannot apply", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Cardepass sandbox (Cardepass)" });
    await page.getByLabel("Product").selectOption("DGG0C4JD");
    await page.getByLabel("Card model").selectOption({ label: "Standard" });
    await page.getByLabel("First top-up").fill("40");
    await choosePerson(page, "Owner", "employee@demo", "Eli Employee");
    await page.getByLabel("Alias").fill(alias);
    await page.getByLabel("Tags").fill("ads, q4");

    // Cardhub's stored balance passes the form's check; the provider's own funding account is short when it is asked.
    const before = await cardepassFunding();
    await setCardepassFunding("1.00");
    try {
      await page.getByRole("button", { name: "Issue card" }).click();
      await page.waitForURL(/\/cards\/[0-9a-f-]{36}\?order=[0-9a-f-]{36}$/);
      await expect(page.getByRole("heading", { level: 2, name: "This card was not issued" })).toBeVisible({ timeout: 30_000 });
    } finally {
      await setCardepassFunding(before);
    }
    cardUrl = new URL(page.url()).pathname;

    const notice = page.getByRole("region", { name: "This card was not issued" });
    await expect(notice).toBeFocused();
    await expect(notice).toContainText("Cardepass refused to issue it");
    await expect(notice).toContainText("Cardepass's reason:");
    // The reason is said once: Cardepass's own words with one English reading of them, not a second English sentence
    // before them that spoke of money "on the card" of a card that never existed.
    await expect(notice).toContainText(
      "Cardepass's reason: 您的资金账户资金不足，请转入资金后使用，谢谢！ (In English: The funding account does not have enough money: transfer funds into it, then try again.)",
    );
    await expect(notice).not.toContainText("There is not enough money");
    await expect(page.getByRole("main")).not.toContainText("(or on the card)");
    // The reason is given once, in the block: the result message above it only points there.
    const result = page.getByRole("status", { name: "Result of the last action" });
    await expect(result).toContainText("Card issuance failed: see below. No money was taken for it.");
    await expect(result).not.toContainText("There is not enough money");
    await expect(page.getByRole("main").getByText("Cardepass's reason:")).toHaveCount(1);
    await expect(page.getByRole("main").getByText("Failed", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("main").getByText("No card number: never issued")).toBeVisible();
    await expect(page.getByRole("main").getByText("Number not assigned yet")).toHaveCount(0);
    // Never synced, and never will be: the owner panel does not say "Not yet".
    await expect(page.getByRole("main").getByText("Not applicable: never issued")).toBeVisible();
    await expect(page.getByRole("main").getByText("Not yet", { exact: true })).toHaveCount(0);

    // The history tells one story: the request, then the provider's refusal, once.
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByRole("row").filter({ hasText: "The provider refused the request to issue" })).toHaveCount(1);
    await expect(history.getByText("Failed", { exact: true })).toHaveCount(1);
    await expect(history).not.toContainText(`Issuing ${alias} failed`);
    await expect(history.getByRole("row").filter({ hasText: "asked the provider to issue" })).toContainText("Requested");
    await expect(history).not.toContainText("Succeeded");

    await expect(page.getByRole("button", { name: "Edit alias and tags" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reassign owner" })).toHaveCount(0);
    const statement = page.getByRole("region", { name: "Statement" });
    await expect(statement).toContainText("This card was never issued, so Cardepass has no statement lines for it and none will be read.");
    await expect(statement).not.toContainText("every 15 minutes");
    await expect(page.getByRole("region", { name: "Transactions" })).toContainText("This card was never issued, so it has no transactions.");
    await page.screenshot({ path: "test-results/never-issued-finance-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/never-issued-finance-390.png", fullPage: true });
  });

  test("the cards list shows no spend for it, as it shows no balance: it can never spend", async ({ page }) => {
    test.skip(!cardUrl, "needs the refused card of the test before");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/cards?q=${encodeURIComponent(alias)}`);
    const row = page.locator(`tr[data-row-id="${cardUrl.split("/").pop()}"]`);
    await expect(row).toBeVisible();
    const headers = await page.locator("thead th").allTextContents();
    const column = (name: string) => headers.findIndex((header) => header.startsWith(name));
    const cells = row.locator("td");
    await expect(cells.nth(column("Balance or limit"))).toHaveText("—");
    await expect(cells.nth(column("Spent this month")).locator(".list-detail-value")).toHaveText("—");
    await page.screenshot({ path: "test-results/never-issued-cards-list-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/never-issued-cards-list-390.png", fullPage: true });
  });

  test("issues it again from the same details: the form opens filled in, and finance only confirms", async ({ page }) => {
    await refreshBalances(page);
    await page.goto(cardUrl);
    await page.getByRole("link", { name: "Issue again with these details" }).click();
    await page.waitForURL(/\/cards\/new\?from=[0-9a-f-]{36}$/);
    await expect(page.getByRole("note").filter({ hasText: `Filled in from “${alias}”, which was not issued.` })).toBeVisible();
    await expect(page.getByLabel("Provider account")).toHaveValue(/.+/);
    await expect(page.getByLabel("Provider account").locator("option:checked")).toHaveText("Cardepass sandbox (Cardepass)");
    await expect(page.getByLabel("Product")).toHaveValue("DGG0C4JD");
    await expect(page.getByLabel("Card model")).toHaveValue("standard");
    await expect(page.getByRole("combobox", { name: "Owner" })).toHaveValue("Eli Employee");
    await expect(page.getByLabel("Alias")).toHaveValue(alias);
    await expect(page.getByLabel("Tags")).toHaveValue("ads, q4");
    await expect(page.getByLabel("First top-up")).toHaveValue("40.00");
    await page.screenshot({ path: "test-results/never-issued-issue-again-1280.png", fullPage: true });

    await page.getByRole("button", { name: "Issue card" }).click();
    await page.waitForURL(/\/cards\/[0-9a-f-]{36}\?order=[0-9a-f-]{36}$/);
    expect(new URL(page.url()).pathname).not.toBe(cardUrl);
    await expect(page.getByRole("status", { name: "Result of the last action" }).getByText("The card has been issued.")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: alias })).toBeVisible();
  });

  test("a from= that is not a never-issued card opens the form empty, without an error", async ({ page }) => {
    for (const from of ["not-a-card", "00000000-0000-4000-8000-000000000000"]) {
      await page.goto(`/cards/new?from=${from}`);
      await expect(page.getByRole("form", { name: "Issue a card" })).toBeVisible();
      await expect(page.getByLabel("Alias")).toHaveValue("");
      await expect(page.getByRole("note").filter({ hasText: "which was not issued" })).toHaveCount(0);
    }
  });
});

test.describe("the employee who owns a card that was never issued", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("reads that it was not issued, with no change to ask for and nothing to issue", async ({ page }) => {
    test.skip(!cardUrl, "needs the refused card of the finance tests");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(cardUrl);
    const notice = page.getByRole("region", { name: "This card was not issued" });
    await expect(notice).toContainText("Finance can issue it again with these details.");
    await expect(notice.getByRole("link", { name: "Issue again with these details" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit alias and tags" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Transactions" })).toContainText("This card was never issued, so it has no transactions.");
    await page.screenshot({ path: "test-results/never-issued-owner-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/never-issued-owner-390.png", fullPage: true });
  });

  test("does not find it among 'Your cards' on the overview, which lists the cards they can use", async ({ page }) => {
    test.skip(!cardUrl, "needs the refused card of the finance tests");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    const yours = page.getByRole("list", { name: "Your cards" });
    await expect(yours.getByRole("link").first()).toBeVisible();
    await expect(yours.locator(`a[href="${cardUrl}"]`)).toHaveCount(0);
    await page.screenshot({ path: "test-results/never-issued-overview-390.png", fullPage: true });
  });
});
