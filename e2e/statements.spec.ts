import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { claimImportedCard } from "./fixtures/fidelity-db";
import { importedCardId } from "./fixtures/statements-db";
import { storageStateFor } from "./fixtures/roles";

const prefix = uniquePrefix("Statements");
// A NobePay card the sandbox seeds (cancelled, never funded: it has no history), claimed for the employee.
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0004";
// One the sandbox seeds with a first deposit, so its history (card/order/list) has a CREATE_CARD line; only read here.
const NOBEPAY_FUNDED_CARD = "c_8f3a1c0e5b7d4a2f0002";
let cardId = "";
let fundedCardId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  cardId = await claimImportedCard({ providerCardId: NOBEPAY_CARD, alias: `${prefix} Ads`, ownerEmail: "employee@demo.test" });
  fundedCardId = await importedCardId(NOBEPAY_FUNDED_CARD);
});

test.describe("finance", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("reads an account's statement lines on Funding, filters them by type in the URL, and exports them", async ({ page }) => {
    // The statements job runs at worker start: wait for the seeded Cardepass account's lines. Other specs connect
    // accounts of their own (listed before it by label, never read before the worker's first run), so it is named.
    const section = page.getByRole("region", { name: "Latest statement lines of Cardepass sandbox" });
    await expect(async () => {
      await page.goto("/funding");
      await expect(section.getByText(/^Read from the provider /)).toBeVisible({ timeout: 1000 });
      await expect(section.getByRole("table")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    // Signed as the provider writes it, with the running balances.
    await expect(section.getByRole("columnheader", { name: "Available after" })).toBeVisible();
    await expect(section.getByRole("cell", { name: /^−\$/ }).first()).toBeVisible();

    await section.getByRole("link", { name: /Full statement/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Statement of / })).toBeVisible();
    // The same filter bar as every list: a choice applies at once, and the statement keeps its account.
    await page.getByLabel("Type").selectOption({ label: "Authorisation hold (AuthBlock)" });
    await expect(page).toHaveURL(/[?&]type=AuthBlock/);
    await expect(page).toHaveURL(/[?&]account=[0-9a-f-]{36}/);
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows.nth(1)).toBeVisible();
    for (const text of await page.getByRole("table").locator("tbody tr td:nth-child(2)").allInnerTexts()) expect(text).toContain("AuthBlock");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cardhub-statements-.*\.csv$/);

    const later = new URL(page.url());
    later.searchParams.set("from", "2099-01-01");
    await page.goto(later.toString());
    await expect(page.getByText("No lines match these filters")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  test("sees the card's statement on the card page", async ({ page }) => {
    // NobePay keeps its statement per card: the card's lines are read once the card is imported, not a quarter hour later.
    const section = page.getByRole("region", { name: "Statement", exact: true });
    await expect(async () => {
      await page.goto(`/cards/${fundedCardId}`);
      await expect(section.getByRole("table").getByRole("row").nth(1)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(section.getByRole("link", { name: /Full statement/ })).toHaveAttribute("href", `/funding/statements?card=${fundedCardId}`);

    await page.goto(`/cards/${cardId}`);
    await expect(section.getByText("No statement lines yet")).toBeVisible();
    await expect(section.getByRole("link", { name: /Full statement/ })).toHaveAttribute("href", `/funding/statements?card=${cardId}`);
  });

  test("opened for an account whose provider keeps no statement, says so, with nothing to filter or export", async ({ page }) => {
    const account = await withE2eClient(async (client) => (await client.query<{ id: string }>("select id from provider_accounts where provider = 'cardopenapi' order by created_at limit 1")).rows[0]!.id);
    await page.goto(`/funding/statements?account=${account}`);
    // As Funding says it: not "no lines yet", which promises lines that never come.
    await expect(page.getByText("Card OPEN-API provides no statement", { exact: true })).toBeVisible();
    await expect(page.getByText("No statement lines yet")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
    await expect(page.getByLabel("Type")).toHaveCount(0);
  });
});

test.describe("finance, a ShareBalance card (UI review 47 L5)", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("opens its statement on the funding account's lines, with their types and export, and still offers its empty own ledger", async ({ page }) => {
    // A Cardepass ShareBalance card spends from the funding account: no balance, no ledger of its own.
    const alias = `${prefix} Shared`;
    const shareBalanceId = (await insertCards([{ alias, owner: null, team: null, provider: "cardepass", cardModel: "sharebalance", balance: null }])).get(alias)!;
    await page.goto(`/funding/statements?card=${shareBalanceId}`);
    await expect(page.getByRole("heading", { level: 1, name: `Statement of ${alias}` })).toBeVisible();
    const ledgers = page.getByRole("navigation", { name: "Ledger" });
    await expect(ledgers.getByRole("link", { name: "Funding account lines for this card" })).toHaveAttribute("aria-current", "page");
    await expect(ledgers.getByRole("link", { name: "Card balance" })).toHaveAttribute("href", `/funding/statements?card=${shareBalanceId}&source=card`);
    await expect(page.getByText(/the funding account's lines that name this card/)).toBeVisible();
    // The funding account's types (cardepass-v1.md accountTransType), not the card ledger's ApplyCard.
    const type = page.getByLabel("Type");
    await expect(type.getByRole("option", { name: "Authorisation hold (AuthBlock)" })).toHaveCount(1);
    await expect(type.getByRole("option", { name: "Card issued (ApplyCard)" })).toHaveCount(0);

    // The export of the same address lists the same ledger: only funding-account lines.
    const exportLink = page.getByRole("link", { name: "Export CSV" });
    await expect(exportLink).toHaveAttribute("href", `/funding/statements/export?card=${shareBalanceId}`);
    const download = page.waitForEvent("download");
    await exportLink.click();
    const csv = await readFile(await (await download).path(), "utf8");
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(header!.split(",")[2]).toBe("source");
    for (const row of rows) expect(row.split(",")[2]).toBe("account");
    const recorded = await withE2eClient(
      async (client) =>
        (await client.query<{ source: string | null }>(`select summary->'filters'->>'source' as source from audit_log where action = 'statements.exported' and target_id = $1`, [shareBalanceId])).rows,
    );
    expect(recorded, "the export's own record of the ledger it wrote").toEqual([{ source: "account" }]);

    await ledgers.getByRole("link", { name: "Card balance" }).click();
    await expect(page).toHaveURL(/[?&]source=card/);
    await expect(ledgers.getByRole("link", { name: "Card balance" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByText("No lines of its own")).toBeVisible();
    await expect(type.getByRole("option", { name: "Card issued (ApplyCard)" })).toHaveCount(1);
    await expect(type.getByRole("option", { name: "Authorisation hold (AuthBlock)" })).toHaveCount(0);
  });
});

test.describe("employee", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("sees their card without its funding statement, and cannot open statements", async ({ page }) => {
    await page.goto(`/cards/${cardId}`);
    await expect(page.getByRole("heading", { level: 1, name: `${prefix} Ads` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Statement", exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Full statement/ })).toHaveCount(0);
    await page.goto(`/funding/statements?card=${cardId}`);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });
});
