import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { waitForTransaction } from "./fixtures/overview-db";
import { sandboxPurchase } from "./fixtures/transactions-db";
import { requestCard } from "./pages/request-form";
import { storageStateFor, type DemoRole } from "./fixtures/roles";

const prefix = uniquePrefix("Axe");
let cardId: string;
let requestId: string;
let auditEventId: string;
let unreadAccountId: string;

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
  // One dismissed unread entry, so the review's Dismissed list draws a row; dismissed, it counts nowhere else.
  unreadAccountId = await firstId("select id from provider_accounts where provider = 'cardepass' order by created_at limit 1");
  await withE2eClient((client) =>
    client.query(
      `insert into transaction_rows_unread (provider_account_id, provider_transaction_id, reason_key, reason, dismissed_at, dismissed_by_user_id, dismissal_reason)
       select $1, $2, 'amount', 'The amount is not a number in minor units.', now(), id, 'Confirmed malformed by the provider.' from users where email = 'finance@demo.test'`,
      [unreadAccountId, `${prefix}-unread`],
    ),
  );
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
  { role: "finance", path: () => `/funding/unread?account=${unreadAccountId}`, name: "unread transactions" },
  { role: "auditor", path: () => `/funding/unread?account=${unreadAccountId}&show=dismissed`, name: "dismissed unread transactions" },
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

test.describe("the transaction drawer", () => {
  test.use({ storageState: storageStateFor("finance") });
  const details = /\/api\/transactions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px, loading, loaded and failed, has no serious or critical axe violations`, async ({ page }) => {
      // Three whole-page axe runs over the transactions list: 31-39 s on CI's two cores, too near the default minute.
      test.slow();
      await page.setViewportSize(viewport);
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      await page.route(details, async (route) => {
        await answered;
        await route.continue();
      });
      await page.goto("/transactions");
      const rowButtons = page.locator("tbody button[data-row-link]");
      await rowButtons.first().click();
      const drawer = page.locator("dialog[open]");
      await expect(drawer.getByRole("status", { name: "Loading the transaction’s details" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      answer();
      await expect(drawer.getByText("Provider’s id")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");
      await page.unrouteAll({ behavior: "wait" });

      await page.route(details, (route) => route.fulfill({ status: 500, json: { error: "internal" } }));
      await rowButtons.nth(1).click();
      await expect(drawer.getByRole("button", { name: "Retry" })).toBeVisible({ timeout: 10_000 });
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

/** Unread notifications for one person, written as the app would (only the bell reads them). */
async function addUnreadNotifications(email: string, titles: string[]): Promise<void> {
  await withE2eClient(async (client) => {
    for (const title of titles) {
      await client.query(
        `insert into notifications (organization_id, recipient_user_id, event_key, kind, title, body, href)
         select u.organization_id, u.id, $2, 'request.done', $3, 'Written by the accessibility spec.', '/requests'
           from users u where lower(u.email) = $1`,
        [email, `e2e-a11y-${prefix}-${title}`, title],
      );
    }
  });
}

async function unreadNotifications(email: string): Promise<number> {
  const { rows } = await withE2eClient((client) =>
    client.query<{ count: string }>(
      "select count(*) from notifications n join users u on u.id = n.recipient_user_id where lower(u.email) = $1 and n.read_at is null",
      [email],
    ),
  );
  return Number(rows[0]!.count);
}

/** The focused element's keyboard focus indicator: a drawn outline, or a box-shadow ring, and its contrast. */
async function focusIndicator(page: Page): Promise<{ drawn: boolean; contrast: number }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const canvas = document.createElement("canvas").getContext("2d")!;
    // Paints the colours one over the other (a translucent ring over the background) and reads the pixel back.
    const rgb = (...colours: string[]) => {
      canvas.clearRect(0, 0, 1, 1);
      for (const colour of colours) {
        canvas.fillStyle = "#000";
        canvas.fillStyle = colour;
        canvas.fillRect(0, 0, 1, 1);
      }
      return [...canvas.getImageData(0, 0, 1, 1).data];
    };
    const luminance = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    // A ring is a box-shadow layer with a spread and no offset or blur: "<colour> 0px 0px 0px 3px".
    const rings = [...style.boxShadow.matchAll(/((?:rgba?|lab|lch|oklab|oklch|color)\([^)]*\)) 0px 0px 0px ([\d.]+)px/g)]
      .filter(([, colour, spread]) => Number(spread) >= 2 && rgb(colour!)[3]! > 0)
      .map(([, colour]) => colour!);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && rgb(style.outlineColor)[3]! > 0 ? style.outlineColor : null;
    const colour = outline ?? rings[0];
    if (!colour) return { drawn: false, contrast: 0 };
    // Against what is behind the item: the menu's background.
    const behind = getComputedStyle(element.closest("[role=menu]") ?? document.body).backgroundColor;
    const [a, b] = [luminance(rgb(behind, colour)), luminance(rgb(behind))].sort((x, y) => y - x);
    return { drawn: true, contrast: (a! + 0.05) / (b! + 0.05) };
  });
}

test.describe("the notifications bell, by keyboard", () => {
  // The auditor: no other spec reads the auditor's bell, so marking everything read disturbs none of them.
  const email = "auditor@demo.test";
  test.use({ storageState: storageStateFor("auditor") });

  test("every control of the open menu is a menu item the arrow keys reach, focus shows, and axe finds nothing", async ({ page }) => {
    // Named for this run: a retry, or a repeat, finds the last run's notices read in the same menu.
    const run = Date.now().toString(36);
    await addUnreadNotifications(email, [`First a11y notice ${run}`, `Second a11y notice ${run}`]);
    await page.goto("/cards");
    const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
    await bell.focus();
    // Focus starts the menu's download; Enter at once, before it has arrived (a fast keyboard user on a slow line), still
    // opens the menu on the newest notice.
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: new RegExp(`First a11y notice ${run}`) })).toBeVisible();
    await expect(menu.getByRole("menuitem").first()).toBeFocused();

    // Valid menu (no button among the menu items), and nothing hidden with aria-hidden that can still take focus.
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
    expect(await menu.locator("button, a[href], input, [tabindex]:not([role=menuitem]):not([role=menu])").evaluateAll((elements) => elements.filter((element) => element.getAttribute("role") !== "menuitem").length)).toBe(0);

    // The focused item has a ring, not only a background change, at 3:1 or more against the menu; the arrow keys move on.
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem").nth(1)).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(menu.getByRole("menuitem").first()).toBeFocused();
    const first = await focusIndicator(page);
    expect(first.drawn).toBe(true);
    expect(first.contrast).toBeGreaterThanOrEqual(3);

    // "Mark all read" is the last item: End reaches it, Enter marks everything read and the menu stays usable.
    await page.keyboard.press("End");
    const markAll = menu.getByRole("menuitem", { name: "Mark all read" });
    await expect(markAll).toBeFocused();
    expect((await focusIndicator(page)).drawn).toBe(true);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    await expect(markAll).toHaveCount(0);
    await expect.poll(() => unreadNotifications(email)).toBe(0);
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("menuitem").last()).toBeFocused();

    // Escape closes it (not modal, yet still a menu) and gives focus back to the bell.
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeFocused();
  });
});
