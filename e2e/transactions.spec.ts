import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { storageStateFor, type DemoRole } from "./fixtures/roles";
import { claimNobepayCard, sandboxPurchase } from "./fixtures/transactions-db";

const run = randomBytes(3).toString("hex").toUpperCase();
const merchant = (name: string) => `E2E ${run} ${name}`;
let eliCard: { id: string; providerCardId: string; alias: string };
let emmaCard: { id: string; providerCardId: string; alias: string };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  eliCard = await claimNobepayCard("employee@demo.test", "Operations");
  emmaCard = await claimNobepayCard("employee2@demo.test", "Marketing");
});

async function as(role: DemoRole, browser: import("@playwright/test").Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  return context.newPage();
}

/** The transaction rows of the desktop table, by the merchant they show. */
function merchantCell(page: Page, name: string) {
  return page.getByRole("table").getByRole("button", { name });
}

test("a purchase made at the provider appears on the card's page and in /transactions without a reload", async ({
  browser,
}) => {
  const page = await as("employee", browser);
  await page.goto(`/cards/${eliCard.id}`);
  await expect(page.getByRole("heading", { name: "Transactions" })).toBeVisible();
  const coffee = merchant("COFFEE");
  const purchase = await sandboxPurchase(eliCard.providerCardId, coffee, "4.20");
  expect(purchase.approved).toBe(true);
  // No reload: the NobePay webhook reaches the app, a job writes the row, the open page refreshes itself.
  await expect(merchantCell(page, coffee)).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: coffee })).toContainText("−$4.20");

  await page.goto("/transactions");
  await expect(merchantCell(page, coffee)).toBeVisible();
  const books = merchant("BOOKS");
  await sandboxPurchase(eliCard.providerCardId, books, "7.50", true);
  await expect(merchantCell(page, books)).toBeVisible({ timeout: 10_000 });
  const row = page.getByRole("table").getByRole("row").filter({ hasText: books });
  await expect(row).toContainText("Settled");

  // The drawer, and the cardholder's memo (audited, stored only in Cardhub).
  await merchantCell(page, books).click();
  const drawer = page.getByRole("dialog", { name: books });
  await expect(drawer).toContainText("The money has left the card.");
  await drawer.getByLabel("Memo").fill("Team offsite reading");
  await drawer.getByRole("button", { name: "Save memo" }).click();
  await expect(drawer.getByRole("status")).toHaveText("Memo saved.");
  await page.keyboard.press("Escape");
  await expect(row).toContainText("Memo: Team offsite reading");
  await page.context().close();
});

test("anyone who sees transactions can ask the providers for new ones now", async ({ browser }) => {
  const page = await as("employee", browser);
  await page.goto("/transactions");
  await page.getByRole("button", { name: "Check providers now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Asked every provider" })).toBeVisible();
  await page.context().close();
});

test("an employee sees only their own cards' transactions, a manager their team's", async ({ browser }) => {
  const eliOnly = merchant("ELI ONLY");
  const emmaOnly = merchant("EMMA ONLY");
  expect((await sandboxPurchase(eliCard.providerCardId, eliOnly, "3.00", true)).approved).toBe(true);
  expect((await sandboxPurchase(emmaCard.providerCardId, emmaOnly, "5.00", true)).approved).toBe(true);

  const finance = await as("finance", browser);
  await finance.goto(`/transactions?q=${encodeURIComponent(`E2E ${run} E`)}`);
  await expect(merchantCell(finance, eliOnly)).toBeVisible({ timeout: 15_000 });
  await expect(merchantCell(finance, emmaOnly)).toBeVisible({ timeout: 15_000 });
  await finance.context().close();

  for (const [role, sees, hidden] of [
    ["employee", eliOnly, emmaOnly],
    ["manager", eliOnly, emmaOnly],
    ["employee2", emmaOnly, eliOnly],
  ] as const) {
    const page = await as(role, browser);
    await page.goto(`/transactions?q=${encodeURIComponent(`E2E ${run}`)}`);
    await expect(merchantCell(page, sees), `${role} sees ${sees}`).toBeVisible();
    await expect(merchantCell(page, hidden), `${role} does not see ${hidden}`).toHaveCount(0);
    // The export is scoped the same way on the server.
    const csv = await (
      await page.request.get(`/transactions/export?q=${encodeURIComponent(`E2E ${run}`)}`)
    ).text();
    expect(csv).toContain(sees);
    expect(csv).not.toContain(hidden);
    await page.context().close();
  }
});

test("the CSV export of a filter holds exactly the rows the filter shows", async ({ browser }) => {
  const page = await as("finance", browser);
  const filter = `card=${eliCard.id}&status=settled`;
  await page.goto(`/transactions?${filter}`);
  await expect(page.getByRole("heading", { name: "Transactions", level: 1 })).toBeVisible();
  const shown = await page
    .locator("tbody tr[data-transaction-id]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-transaction-id")));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThan(50); // one page: the page shows the whole filtered set

  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toBe(`/transactions/export?status=settled&card=${eliCard.id}`);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const lines = (await response.text()).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(
    /^id,occurred_at_utc,settled_at_utc,provider,account,card_alias,card_last_four,owner_email,team,merchant,/,
  );
  const exported = lines.slice(1).map((line) => line.split(",")[0]);
  expect(exported).toEqual(shown);
  expect(lines.slice(1).every((line) => line.includes(",settled,"))).toBe(true);
  await page.context().close();
});
