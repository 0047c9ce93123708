import { expect, test, type Page } from "./fixtures/test";
import { randomBytes, randomUUID } from "node:crypto";
import { storageStateFor, type DemoRole } from "./fixtures/roles";
import { claimNobepayCard, sandboxPurchase } from "./fixtures/transactions-db";
import { phoneListCards } from "./pages/phone-list";

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

/** GET /api/transactions/[id], the drawer's details (not /api/transactions/version, which the page polls). */
const DETAILS_PATH = /\/api\/transactions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The transaction id of the row an element is in. */
function rowIdOf(element: import("@playwright/test").Locator): Promise<string | null> {
  return element.locator("xpath=ancestor::tr[@data-row-id]").getAttribute("data-row-id");
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
  // The spend names its month (UTC) and leads to the transactions it counts.
  const now = new Date();
  const month = now.toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  const firstDay = `${now.toISOString().slice(0, 7)}-01`;
  await expect(page.getByRole("link", { name: `Spent in ${month} (UTC)` })).toHaveAttribute("href", `/transactions?card=${eliCard.id}&from=${firstDay}`);

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
  // Opened again, the drawer has the saved memo: its details were fetched again after the save, not kept from before.
  await merchantCell(page, books).click();
  await expect(drawer.getByLabel("Memo")).toHaveValue("Team offsite reading");
  await page.context().close();
});

test("a declined purchase's row says why, without opening it", async ({ browser }) => {
  const page = await as("employee", browser);
  const tooDear = merchant("TOO DEAR");
  // More than any demo card holds: NobePay answers "balance not enough" (sandbox/nobepay/views.ts).
  expect((await sandboxPurchase(eliCard.providerCardId, tooDear, "900000.00")).approved).toBe(false);
  await page.goto("/transactions");
  await expect(merchantCell(page, tooDear)).toBeVisible({ timeout: 15_000 });
  const row = page.getByRole("table").getByRole("row").filter({ hasText: tooDear });
  await expect(row).toContainText("Declined");
  await expect(row).toContainText("Not enough money on the card or funding account");
  await page.context().close();
});

test("the drawer opens with focus on its title, shown, and Escape gives focus back to the row", async ({ browser }) => {
  const page = await as("finance", browser);
  await page.goto("/transactions");
  const rowButton = page.getByRole("table").locator("tbody button[data-row-link]").first();
  await expect(rowButton).toBeVisible();
  await rowButton.focus();
  await page.keyboard.press("Enter");
  const drawer = page.locator("dialog[open]");
  await expect(drawer).toBeVisible();
  // Reading starts at the top (the title, which names the dialog), not at the card link in the middle.
  const title = drawer.locator("h2").first();
  await expect(title).toBeFocused();
  const labelledBy = await drawer.getAttribute("aria-labelledby");
  expect(labelledBy).toBeTruthy();
  await expect(title).toHaveAttribute("id", labelledBy!);
  expect(await title.evaluate((element) => element.matches(":focus-visible") && getComputedStyle(element).boxShadow !== "none")).toBe(true);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(rowButton).toBeFocused();
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
  const eliOnlyId = (await rowIdOf(merchantCell(finance, eliOnly)))!;
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
    // Exports are the manager's (their team's rows only), never an employee's (DESIGN.md, Roles: "audit log,
    // exports"): the page offers none, and the server refuses one asked for all the same.
    const exportLink = page.getByRole("main").getByRole("link", { name: "Export CSV" });
    const exported = await page.request.get(`/transactions/export?q=${encodeURIComponent(`E2E ${run}`)}`);
    if (role === "manager") {
      await expect(exportLink).toBeVisible();
      expect(exported.status()).toBe(200);
      const csv = await exported.text();
      expect(csv).toContain(sees);
      expect(csv).not.toContain(hidden);
    } else {
      await expect(exportLink, `${role} is offered no export`).toHaveCount(0);
      expect(exported.status(), `${role} may not export`).toBe(403);
      expect(await exported.text()).toBe("You do not have permission to export transactions.");
    }
    // So are the drawer's details: someone else's transaction is answered as one that does not exist.
    const details = await page.request.get(`/api/transactions/${eliOnlyId}`);
    const nothing = await page.request.get(`/api/transactions/${randomUUID()}`);
    expect(details.headers()["cache-control"]).toBe("no-store");
    if (role === "employee2") {
      expect(details.status()).toBe(404);
      expect(await details.text()).toBe(await nothing.text());
    } else {
      expect(details.status()).toBe(200);
      expect(await details.json()).toMatchObject({ id: eliOnlyId, merchant: eliOnly });
    }
    await page.context().close();
  }
});

test("a row's details are asked for when it is pointed at or tabbed to, and the list's page carries none of them", async ({ browser }) => {
  const page = await as("finance", browser);
  const detailsAsked: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (DETAILS_PATH.test(path)) detailsAsked.push(path.slice("/api/transactions/".length));
  });
  await page.goto("/transactions");
  const rowButtons = page.getByRole("table").locator("tbody button[data-row-link]");
  await expect(rowButtons.nth(2)).toBeVisible();
  // Only what the rows show is in the page: the drawer's fields come with the drawer.
  const html = await (await page.request.get("/transactions")).text();
  for (const field of ["providerTransactionId", "accountLabel", "providerDeclineReason", "authorisedAmount", "mayEditMemo"]) expect(html).not.toContain(field);
  expect(detailsAsked).toEqual([]);

  const pointedAt = (await rowIdOf(rowButtons.nth(1)))!;
  await rowButtons.nth(1).hover();
  await expect.poll(() => detailsAsked).toContain(pointedAt);
  const tabbedTo = (await rowIdOf(rowButtons.nth(2)))!;
  await rowButtons.nth(2).focus();
  await expect.poll(() => detailsAsked).toContain(tabbedTo);

  // The click finds the answer already there: no second request, the details at once.
  const before = detailsAsked.filter((id) => id === pointedAt).length;
  await rowButtons.nth(1).click();
  const drawer = page.locator("dialog[open]");
  await expect(drawer.getByText("Provider’s id")).toBeVisible();
  expect(detailsAsked.filter((id) => id === pointedAt)).toHaveLength(before);
  await page.context().close();
});

test("the drawer shows its row at once, a skeleton while the details load, Retry when they fail, and says when a transaction is no longer visible", async ({ browser }) => {
  const page = await as("finance", browser);
  await page.goto("/transactions");
  const rowButtons = page.getByRole("table").locator("tbody button[data-row-link]");
  await expect(rowButtons.nth(2)).toBeVisible();
  const drawer = page.locator("dialog[open]");

  // Held answer: the header is there at once, the details are a busy, labelled skeleton.
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route(DETAILS_PATH, async (route) => {
    await answered;
    await route.continue();
  });
  const first = rowButtons.nth(0);
  const firstMerchant = (await first.innerText()).trim();
  await first.click();
  await expect(drawer.getByRole("heading", { level: 2 })).toHaveText(firstMerchant);
  const skeleton = drawer.getByRole("status", { name: "Loading the transaction’s details" });
  await expect(skeleton).toHaveAttribute("aria-busy", "true");
  await expect(drawer.getByText("Provider’s id")).toHaveCount(0);
  answer();
  await expect(drawer.getByText("Provider’s id")).toBeVisible();
  await expect(skeleton).toHaveCount(0);
  await page.keyboard.press("Escape");
  await page.unrouteAll({ behavior: "wait" });

  // A failed answer: said, with Retry, which fetches again.
  await page.route(DETAILS_PATH, (route) => route.fulfill({ status: 500, json: { error: "internal" } }));
  await rowButtons.nth(1).click();
  await expect(drawer.getByRole("alert")).toHaveText(/The details could not be loaded/, { timeout: 10_000 });
  await page.unrouteAll({ behavior: "wait" });
  await drawer.getByRole("button", { name: "Retry" }).click();
  await expect(drawer.getByText("Provider’s id")).toBeVisible();
  await expect(drawer.getByRole("alert")).toHaveCount(0);
  await page.keyboard.press("Escape");

  // Not found (moved out of sight since the list was drawn): said so, and nothing else of it.
  await page.route(DETAILS_PATH, (route) => route.fulfill({ status: 404, json: { error: "not_found" } }));
  await rowButtons.nth(2).click();
  await expect(drawer.getByText("This transaction is no longer visible to you.")).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(drawer.getByText("Provider’s id")).toHaveCount(0);
  await page.context().close();
});

test("the CSV export of a filter holds exactly the rows the filter shows", async ({ browser }) => {
  const page = await as("finance", browser);
  const filter = `card=${eliCard.id}&status=settled`;
  await page.goto(`/transactions?${filter}`);
  await expect(page.getByRole("heading", { name: "Transactions", level: 1 })).toBeVisible();
  const shown = await page
    .locator("tbody tr[data-row-id]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-row-id")));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThan(50); // one page: the page shows the whole filtered set

  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toBe(`/transactions/export?status=settled&card=${eliCard.id}`);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const body = await response.text();
  // UTF-8's byte-order mark first, for spreadsheets (lib/csv/csv-stream.ts).
  expect(body.startsWith("\uFEFF")).toBe(true);
  const lines = body.slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(
    /^id,occurred_at_utc,settled_at_utc,provider,account,card_alias,card_last_four,owner_email,team,merchant,/,
  );
  const exported = lines.slice(1).map((line) => line.split(",")[0]);
  expect(exported).toEqual(shown);
  expect(lines.slice(1).every((line) => line.includes(",settled,"))).toBe(true);
  await page.context().close();
});

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** A mouse click (or tap) where this element is, as a person would: the row's stretched button lies over it. */
async function clickWhere(page: Page, target: import("@playwright/test").Locator) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
}

test("desktop filters apply as on /cards: the merchant search while typing, a select at once, no Apply button", async ({
  browser,
}) => {
  const lunch = merchant("FILTER LUNCH");
  const taxi = merchant("FILTER TAXI");
  expect((await sandboxPurchase(eliCard.providerCardId, lunch, "9.10", true)).approved).toBe(true);
  expect((await sandboxPurchase(eliCard.providerCardId, taxi, "6.40")).approved).toBe(true);
  const page = await as("finance", browser);
  await page.goto("/transactions");
  const filters = page.getByRole("search", { name: "Transaction filters" });
  await expect(filters.getByRole("button")).toHaveCount(0);
  await filters.getByRole("searchbox", { name: "Merchant" }).pressSequentially(merchant("FILTER"), { delay: 20 });
  // No Enter: the search applies after a pause in typing.
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === merchant("FILTER"));
  await expect(merchantCell(page, lunch)).toBeVisible({ timeout: 15_000 });
  await expect(merchantCell(page, taxi)).toBeVisible({ timeout: 15_000 });
  await filters.getByLabel("Status").selectOption({ label: "Settled" });
  await expect(page).toHaveURL((url) => url.searchParams.get("status") === "settled" && url.searchParams.get("q") === merchant("FILTER"));
  await expect(merchantCell(page, taxi)).toHaveCount(0);
  await expect(merchantCell(page, lunch)).toBeVisible();
  // The whole row opens the transaction: a click on its amount, far from the merchant's name.
  await clickWhere(page, page.getByRole("table").getByRole("row").filter({ hasText: lunch }).getByText("−$9.10"));
  await expect(page.getByRole("dialog", { name: lunch })).toBeVisible();
  await page.keyboard.press("Escape");
  await filters.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/transactions$/);
  await expect(filters.getByRole("searchbox", { name: "Merchant" })).toHaveValue("");
  await page.context().close();
});

test("at phone width the filters fold into a sheet and each transaction is a card with status and amount", async ({
  browser,
}) => {
  // Long enough to be cut short on a phone card: it must truncate there, not push the page sideways.
  const settled = merchant("PHONE HOTEL AND CONFERENCE CENTRE RIVERSIDE LTD");
  const held = merchant("PHONE PARKING");
  expect((await sandboxPurchase(eliCard.providerCardId, settled, "12.34", true)).approved).toBe(true);
  expect((await sandboxPurchase(eliCard.providerCardId, held, "5.60")).approved).toBe(true);
  const context = await browser.newContext({
    storageState: storageStateFor("employee"),
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto(`/transactions?q=${encodeURIComponent(merchant("PHONE"))}`);
  const cards = await phoneListCards(page, /^Transactions, \d+ shown/, { timeout: 15_000 });
  await expect(cards).toHaveCount(2, { timeout: 15_000 });
  await expect(cards.filter({ hasText: settled })).toContainText("Settled");
  await expect(cards.filter({ hasText: settled })).toContainText("−$12.34");
  await expect(cards.filter({ hasText: held })).toContainText("Authorised");
  await expect(cards.filter({ hasText: held })).toContainText("−$5.60");
  const filters = page.getByRole("search", { name: "Transaction filters" });
  await expect(filters.getByRole("searchbox", { name: "Merchant" })).toBeVisible();
  await expect(filters.getByLabel("Status")).toBeHidden();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  await filters.getByRole("button", { name: "Filters" }).click();
  const sheet = page.getByRole("dialog", { name: "Filters" });
  await sheet.getByLabel("Status").selectOption({ label: "Settled" });
  await expect(page).toHaveURL((url) => url.searchParams.get("status") === "settled");
  await sheet.getByRole("button", { name: "Show results" }).click();
  await expect(sheet).toBeHidden();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(settled);
  await expect(filters.getByRole("button", { name: "Filters 1 active" })).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  // An amount the list would drop keeps the sheet open on "Show results", focus on that field with its message:
  // closed, the message would sit on the desktop field, hidden at this width, and the list silently unchanged.
  await filters.getByRole("button", { name: "Filters 1 active" }).click();
  await sheet.getByLabel("Minimum amount").fill("abc");
  await sheet.getByRole("button", { name: "Show results" }).click();
  await expect(sheet).toBeVisible();
  await expect(sheet.getByLabel("Minimum amount")).toBeFocused();
  await expect(sheet.getByLabel("Minimum amount")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL((url) => !url.searchParams.has("min"));
  await sheet.getByLabel("Minimum amount").fill("");
  await sheet.getByRole("button", { name: "Show results" }).click();
  await expect(sheet).toBeHidden();

  // The whole card opens the transaction: a tap on the amount, and Enter on the card's button.
  await clickWhere(page, cards.first().getByText("−$12.34"));
  const drawer = page.getByRole("dialog", { name: settled });
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await cards.first().getByRole("button", { name: settled }).focus();
  await page.keyboard.press("Enter");
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText("Provider’s id")).toBeVisible();
  expect(await drawer.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: ".data/e2e/screens/transactions-phone-drawer.png" });
  await context.close();
});
