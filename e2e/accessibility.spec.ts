import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { waitForTransaction } from "./fixtures/overview-db";
import { sandboxPurchase } from "./fixtures/transactions-db";
import { requestCard } from "./pages/request-form";
import { storageStateFor, type DemoRole } from "./fixtures/roles";

const prefix = uniquePrefix("Axe");
let cardId: string;
let requestId: string;
let auditEventId: string;

/** The id of one row the demo seed wrote, for pages that show a single record. */
async function firstId(sql: string): Promise<string> {
  const { rows } = await withE2eClient((client) => client.query<{ id: string }>(sql));
  if (!rows[0]) throw new Error(`no row for: ${sql}`);
  return String(rows[0].id);
}

test.beforeAll(async ({ browser }) => {
  const ids = await insertCards([{ alias: `${prefix} Card`, owner: "employee@demo.test", team: "Operations", provider: "cardopenapi", balance: 1234, status: "frozen" }]);
  cardId = ids.get(`${prefix} Card`)!;
  const employee = await (await browser.newContext({ storageState: storageStateFor("employee") })).newPage();
  requestId = await requestCard(employee, { alias: `${prefix} Request`, amount: "25.00", purpose: "Conference tickets" });
  await employee.context().close();
  auditEventId = await firstId("select id from audit_log where organization_id is not null order by id limit 1");
  // Spend today, so the overview draws its chart (a page without spend shows only its empty state).
  const merchant = `${prefix.toUpperCase()} CAFE`;
  expect((await sandboxPurchase("c_8f3a1c0e5b7d4a2f0003", merchant, "4.20", true)).approved).toBe(true);
  await waitForTransaction(merchant);
});

const THEMES = ["light", "dark"] as const;

/** Every page, as the role that can open it (and the 403 and 404 pages as someone who cannot). A new page is added here. */
const PAGES: { role: DemoRole | null; path: () => string; name: string; drawnLast?: string }[] = [
  { role: null, path: () => "/sign-in", name: "sign-in" },
  { role: "finance", path: () => "/", name: "overview", drawnLast: "svg.recharts-surface" },
  { role: "finance", path: () => "/cards", name: "cards" },
  { role: "finance", path: () => `/cards/${cardId}`, name: "card page" },
  { role: "finance", path: () => "/cards/new", name: "issue form" },
  { role: "finance", path: () => "/cards/products", name: "products" },
  { role: "finance", path: () => "/requests", name: "requests" },
  { role: "finance", path: () => "/transactions", name: "transactions" },
  { role: "finance", path: () => "/funding", name: "funding" },
  { role: "auditor", path: () => "/audit", name: "audit" },
  { role: "auditor", path: () => "/audit?outcome=denied", name: "audit, refused events" },
  { role: "admin", path: () => "/", name: "administrator's overview" },
  { role: "manager", path: () => "/", name: "manager's overview" },
  { role: "employee", path: () => "/", name: "cardholder's overview" },
  { role: "auditor", path: () => "/", name: "auditor's overview" },
  { role: "admin", path: () => "/settings", name: "settings" },
  { role: "admin", path: () => "/settings/people", name: "people" },
  { role: "admin", path: () => "/settings/teams", name: "teams" },
  { role: "admin", path: () => "/settings/accounts", name: "provider accounts" },
  { role: "finance", path: () => `/requests/${requestId}`, name: "a request" },
  { role: "employee", path: () => "/requests/new", name: "new request" },
  { role: "finance", path: () => "/funding/statements", name: "statements" },
  { role: "auditor", path: () => `/audit/${auditEventId}`, name: "an audit event" },
  { role: "finance", path: () => "/account/password", name: "change password" },
  { role: "finance", path: () => "/account/two-factor", name: "two-factor sign-in" },
  { role: "employee", path: () => "/settings", name: "403 page" },
  { role: "finance", path: () => "/cards/00000000-0000-4000-8000-000000000000", name: "404 page" },
];

async function seriousViolations(page: Page): Promise<string[]> {
  // label-content-name-mismatch is experimental in axe, so it is switched on by name.
  const results = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")} — ${node.failureSummary?.split("\n")[1]?.trim() ?? ""}`));
}

for (const theme of THEMES) {
  for (const entry of PAGES) {
    test.describe(`${entry.name}, ${theme} theme`, () => {
      test.use({ storageState: entry.role ? storageStateFor(entry.role) : { cookies: [], origins: [] }, colorScheme: theme });

      test(`has no serious or critical axe violations`, async ({ page }) => {
        await page.addInitScript((value) => localStorage.setItem("theme", value), theme);
        await page.goto(entry.path());
        await expect(page.locator("h1").first()).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
        // What the browser draws after the page (the spend chart) is checked too, not only the server's HTML.
        if (entry.drawnLast) await expect(page.locator(entry.drawnLast).first()).toBeVisible();
        expect(await seriousViolations(page)).toEqual([]);
      });
    });
  }
}

test.describe("audit event page in both themes", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("has no serious or critical axe violations", async ({ page }) => {
    await page.goto("/audit");
    const href = await page.getByRole("table").locator("tbody tr a[data-row-link]").first().getAttribute("href");
    for (const theme of THEMES) {
      await page.evaluate((value) => localStorage.setItem("theme", value), theme);
      await page.goto(href!);
      await expect(page.getByRole("heading", { name: /^Audit event \d+$/, level: 1 })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    }
  });
});

test.describe("phone width", () => {
  test.use({ storageState: storageStateFor("finance"), viewport: { width: 390, height: 844 } });

  for (const path of ["/cards", "/transactions", "/requests?tab=all"]) {
    test(`${path}: the list and its filter sheet have no serious or critical axe violations`, async ({ page }) => {
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Filters" }).click();
      await expect(page.getByRole("dialog", { name: "Filters" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("signed in", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("the account button's accessible name contains its visible text", async ({ page }) => {
    await page.goto("/");
    const button = page.getByRole("button", { name: /Fiona Finance/ });
    await expect(button).toBeVisible();
    const visible = (await button.innerText()).replace(/\s+/g, " ").trim();
    const name = await button.evaluate((element) => element.textContent ?? "");
    expect(visible).toContain("Fiona Finance");
    expect(name.replace(/\s+/g, " ")).toContain("Fiona Finance");
    await expect(button).toHaveAccessibleName("Account menu: Fiona Finance");
  });

  test("destructive badges read at 4.5:1 or more in the dark theme", async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem("theme", "dark"));
    await page.goto("/audit?outcome=denied");
    const badge = page.getByRole("table").getByText("Denied", { exact: true }).first();
    await expect(badge).toBeVisible();
    const results = await new AxeBuilder({ page }).include('[data-slot="badge"]').withRules(["color-contrast"]).analyze();
    expect(results.violations).toEqual([]);
    expect(results.passes.find((rule) => rule.id === "color-contrast")?.nodes.length ?? 0).toBeGreaterThan(0);
  });
});

test.describe("the 403 page", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("has one main landmark and logs no React error", async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto("/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("main")).toHaveCount(1);
    await page.waitForLoadState("networkidle");
    expect(errors.filter((text) => /script tag|hydrat/i.test(text))).toEqual([]);
    // The theme still applies before paint on a 403.
    await page.evaluate(() => localStorage.setItem("theme", "dark"));
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  });
});
