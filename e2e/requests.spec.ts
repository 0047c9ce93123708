import { expect, test, type Browser, type Page } from "./fixtures/test";
import type pg from "pg";
import { uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor, type DemoRole } from "./fixtures/roles";
import { choosePerson } from "./pages/person-combobox";
import { requestCard } from "./pages/request-form";
import { chooseAndSeeAtOnce, useFormAndLoadItsCode } from "./pages/cost-panel";
import { SignInPage } from "./pages/sign-in-page";
import { phoneListCards } from "./pages/phone-list";

const prefix = uniquePrefix("Req");
const ids: Record<string, string> = {};

// Several people take turns in each test, and the provider works asynchronously: more time than a one-page test.
test.describe.configure({ mode: "serial", timeout: 150_000 });

async function as(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  return context.newPage();
}

/** manager2@ (Marketing) has no saved login in the shared fixtures: signs in here. */
async function asManager2(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("manager2@demo.test", DEMO_PASSWORD);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  return page;
}

async function approve(page: Page, requestId: string, comment?: string): Promise<void> {
  await page.goto(`/requests/${requestId}`);
  if (comment) await page.getByLabel("Comment").fill(comment);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("region", { name: "Your decision" })).toHaveCount(0);
  // The panel leaves with the decision: the outcome is announced, and focus rests on it rather than on <body>.
  const outcome = page.getByRole("status", { name: "Result of the last action" }).filter({ hasText: /^You approved this (request|step)\./ });
  await expect(outcome).toBeFocused();
}

const status = (page: Page, text: string) => expect(page.getByRole("main").getByText(text, { exact: true }).first()).toBeVisible({ timeout: 45_000 });

async function deniedAudits(targetId: string): Promise<{ actor_email: string }[]> {
  return withE2eClient(async (client) => (await client.query<{ actor_email: string }>("select actor_email from audit_log where action = 'permission.denied' and target_id = $1", [targetId])).rows);
}

test("products are fresh for the request form", async ({ browser }) => {
  const page = await as(browser, "finance");
  await page.goto("/cards/products");
  await page.getByRole("button", { name: "Refresh all products" }).click();
  await expect(page.getByText("Up to date.")).toBeVisible({ timeout: 30_000 });
});

test("the form reports every problem at once, on its field", async ({ browser }) => {
  const page = await as(browser, "employee");
  await page.goto("/requests/new");
  await page.getByRole("radio", { name: /New card/ }).check();
  await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
  await page.getByLabel("Product").selectOption({ label: "VISA 448533 · BIN 448533" });
  await page.getByLabel(/First top-up/).fill("12.345");
  await page.getByLabel(/Needed by/).fill("2020-01-01");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByLabel(/First top-up/)).toHaveAccessibleDescription(/USD amounts have at most 2 decimal places\./);
  await expect(page.getByLabel(/Needed by/)).toHaveAccessibleDescription(/cannot be in the past/);
  await expect(page.getByLabel("Purpose")).toHaveAccessibleDescription(/Say what this is for/);
  await expect(page.getByLabel("Card name")).toHaveAccessibleDescription(/Give the card a name/);
  await page.getByLabel(/First top-up/).fill("5");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByLabel(/First top-up/)).toHaveAccessibleDescription(/At least \$10\.00 for this product\./);
  await expect(page).toHaveURL(/\/requests\/new$/);
  // A changed field drops its problem at once; the fields not touched keep theirs until the next submit.
  await page.getByLabel(/First top-up/).fill("12");
  await expect(page.getByLabel(/First top-up/)).not.toHaveAttribute("aria-invalid", "true");
  // What it will cost the company, before it is sent (the product's $1.00 open fee and 1.5% of what is loaded), and no
  // funding balance, which a requester may not read.
  const cost = page.locator("#request-cost");
  await expect(cost).toHaveText(/^Loaded onto the card\$12\.00Fee.*\$1\.18Total from the funding account\$13\.18$/);
  await expect(cost).not.toContainText("balance");
  await expect(page.getByLabel("Purpose")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Purpose").fill("Ads for the launch");
  await expect(page.getByLabel("Purpose")).not.toHaveAttribute("aria-invalid", "true");
  // How much of the 500 characters it keeps is counted as it is typed, not cut short unseen.
  await expect(page.getByLabel("Purpose")).toHaveAccessibleDescription(/the approver reads this\. 18\/500/);
  await expect(page.getByLabel("Card name")).toHaveAttribute("aria-invalid", "true");
});

test("the cost panel is on screen as soon as a product is chosen, not arriving later to push the fields down", async ({ browser }) => {
  const page = await as(browser, "employee");
  await page.goto("/requests/new");
  await useFormAndLoadItsCode(page, page.getByRole("radio", { name: /New card/ }));
  await page.getByRole("radio", { name: /New card/ }).check();
  await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
  expect(await chooseAndSeeAtOnce(page.getByLabel("Product"), "cpi_6530de6a2f1c7", "#request-cost")).toBe(true);
  await expect(page.locator("#request-cost")).toContainText("Total from the funding account");
});

test("an empty submit marks the kind radios invalid, and the focused summary links each problem to its field", async ({ browser }) => {
  const page = await as(browser, "employee");
  await page.goto("/requests/new");
  await page.getByRole("button", { name: "Send request" }).focus();
  await page.keyboard.press("Enter");
  const summary = page.locator("#request-errors");
  await expect(summary).toBeFocused();
  // What it announced before stays: the count, in its alert.
  await expect(summary.getByRole("alert")).toHaveText("1 field needs attention.");
  // The focused summary shows it has focus (a ring or an outline, not outline-none alone).
  expect(
    await summary.evaluate((element) => {
      const style = getComputedStyle(element);
      return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    }),
  ).toBe(true);
  const radios = page.getByRole("radio");
  expect(await radios.count()).toBeGreaterThan(1);
  for (const radio of await radios.all()) await expect(radio).toHaveAttribute("aria-invalid", "true");

  // Keyboard: Tab from the summary reaches its link, Enter puts focus on the first radio.
  const kindLink = summary.getByRole("link", { name: /Choose what you need\./ });
  await expect(kindLink).toHaveAttribute("href", "#request-kind-new_card");
  await page.keyboard.press("Tab");
  await expect(kindLink).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("radio", { name: /New card/ })).toBeFocused();

  // A new card with nothing filled in: one link per problem, each one focuses its own field.
  await page.getByRole("radio", { name: /New card/ }).check();
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(summary).toBeFocused();
  for (const radio of await radios.all()) await expect(radio).not.toHaveAttribute("aria-invalid", "true");
  const links = summary.getByRole("link");
  await expect(links.last()).toHaveText(/^Purpose: Say what this is for/);
  // The card name is reported with the rest, before an account or product is chosen.
  await expect(summary.getByRole("link", { name: /^Card name: Give the card a name/ })).toBeVisible();
  const count = await links.count();
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(summary.getByRole("alert")).toHaveText(`${count} fields need attention.`);
  for (const link of await links.all()) {
    const href = (await link.getAttribute("href"))!;
    await link.click();
    await expect(page.locator(href)).toBeFocused();
  }
  await expect(page.getByLabel("Purpose")).toBeFocused();
  await expect(page).toHaveURL(/\/requests\/new$/);
  await page.context().close();
});

test("a link in the purpose wraps on a phone: the request page never scrolls sideways and its status stays in view", async ({ browser }) => {
  const employee = await as(browser, "employee");
  const link = "https://int.bahn.de/en/buchung/fahrplan/suche#sts=true&so=Berlin%20Hbf&zo=Hamburg%20Hbf&kl=2&r=13:16:KLASSENLOS:1&hd=2026-12-08T08:00:00";
  const id = await requestCard(employee, { alias: `${prefix} Train`, amount: "20", purpose: `${prefix} train to Hamburg: ${link}` });
  await employee.setViewportSize({ width: 390, height: 844 });
  await employee.goto(`/requests/${id}`);
  await expect(employee.getByText(link, { exact: false })).toBeVisible();
  expect(await employee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const badge = await employee.getByText("Waiting for manager", { exact: true }).first().boundingBox();
  expect(badge!.x + badge!.width).toBeLessThanOrEqual(390);
  // Cancelled again: the manager's queue in the tests below stays as they expect it.
  await employee.getByRole("button", { name: "Cancel request" }).click();
  await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
  await status(employee, "Cancelled");
  await employee.context().close();
});

test("below the threshold: the employee asks, the manager approves, the card appears in the employee's cards", async ({ browser }) => {
  const employee = await as(browser, "employee");
  ids.small = await requestCard(employee, { alias: `${prefix} Small`, amount: "30", purpose: `${prefix} taxis to the client` });
  await status(employee, "Waiting for manager");
  // An employee reads no audit log, so their request page offers none.
  await expect(employee.getByRole("link", { name: "This request in the audit log" })).toHaveCount(0);

  const manager = await as(browser, "manager");
  await manager.goto("/requests");
  await expect(manager.getByRole("link", { name: /Requests/ }).first()).toBeVisible();
  await expect(manager.getByRole("row").filter({ hasText: `${prefix} taxis to the client` })).toBeVisible();
  await manager.goto(`/requests/${ids.small}`);
  await expect(manager.getByText("Asked: $30.00. Leave empty to approve as asked, or enter a lower amount.")).toBeVisible();
  // A refused amount keeps its message only until it is edited: then neither the field nor the summary says it.
  const lowered = manager.getByLabel("Amount to approve (USD)");
  await lowered.fill("abc");
  await manager.getByRole("button", { name: "Approve" }).click();
  await expect(lowered).toHaveAttribute("aria-invalid", "true");
  await expect(lowered).toBeFocused();
  await lowered.fill("20");
  await expect(lowered).not.toHaveAttribute("aria-invalid", "true");
  await expect(manager.getByText(/field needs attention/)).toHaveCount(0);
  await expect(lowered).toBeFocused();
  await lowered.fill("");
  await approve(manager, ids.small);
  await status(manager, "Done");
  // The focused line does not empty as the page refreshes: it says where the request stands now.
  const saidNow = manager.getByRole("status", { name: "Result of the last action" }).filter({ hasText: /\S/ });
  await expect(saidNow).toHaveText("This request is done: Cardhub has carried it out.");
  await expect(saidNow).toBeFocused();

  await employee.goto(`/cards?q=${encodeURIComponent(`${prefix} Small`)}`);
  await expect(employee.getByRole("link", { name: `${prefix} Small` })).toBeVisible();
  await employee.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  await expect(employee.getByRole("menuitem", { name: /Your request is done/ }).first()).toBeVisible();
});

test("at the threshold: the manager approves, then finance, two different people", async ({ browser }) => {
  const employee = await as(browser, "employee");
  ids.big = await requestCard(employee, { alias: `${prefix} Big`, amount: "1000.00", purpose: `${prefix} conference booth` });
  const manager = await as(browser, "manager");
  // The manager is told, by name; once they approve, the notice no longer counts as unread.
  const approvalNotice = manager.getByRole("menu").locator(`a[href="/requests/${ids.big}"]`, { hasText: "A request needs your approval" });
  await manager.goto("/requests");
  await manager.getByRole("button", { name: /Notifications/ }).click();
  await expect(approvalNotice).toContainText(`New card with $1,000.00 · “${prefix} Big”, for Eli Employee`);
  await expect(approvalNotice).toContainText("(unread)");
  await manager.keyboard.press("Escape");
  await approve(manager, ids.big);
  await status(manager, "Waiting for finance");
  // The route, in the request page's words, as the audit event's details word it.
  await expect(manager.getByRole("list").filter({ hasText: "The team's manager" }).getByRole("listitem")).toHaveText(["The team's manager", "Finance"]);
  // Without a reload: the page the decision refreshed brings the bell's feed with it, not only its next poll.
  await manager.getByRole("button", { name: /Notifications/ }).click();
  await expect(manager.getByRole("menu").getByRole("menuitem").first()).toBeVisible();
  // The bell lists unread notices first, newest first: were this one still unread, it would be listed. Once read it is
  // listed after the unread ones, or not at all when 20 others are unread (other specs notify the same manager).
  // Nor does it still say it needs them: it says who approved it.
  await expect(manager.getByRole("menu").locator(`a[href="/requests/${ids.big}"]`).filter({ hasText: "(unread)" })).toHaveCount(0);
  await expect(approvalNotice).toHaveCount(0);
  await manager.keyboard.press("Escape");
  const finance = await as(browser, "finance");
  await finance.goto("/requests?tab=inbox");
  await expect(finance.getByRole("row").filter({ hasText: `${prefix} conference booth` })).toBeVisible();
  await approve(finance, ids.big, "Booth budget confirmed");
  await status(finance, "Done");
  await expect(finance.getByText("Approved, step 1 of 2 (manager)")).toBeVisible();
  await expect(finance.getByText("Approved, step 2 of 2 (finance)")).toBeVisible();
  // The same steps in the audit log, as sentences that name the request.
  await finance.getByRole("link", { name: "This request in the audit log" }).click();
  await expect(finance).toHaveURL(new RegExp(`/audit\\?targetType=request&targetId=${ids.big}$`));
  const log = finance.getByRole("table");
  await expect(log).toContainText(`Eli Employee asked for a new card “${prefix} Big” ($1,000.00).`);
  await expect(log).toContainText(`Omar Operations approved Eli Employee’s request for a new card “${prefix} Big” ($1,000.00) (step 1 of 2).`);
  await expect(log).toContainText(`Fiona Finance approved Eli Employee’s request for a new card “${prefix} Big” ($1,000.00) (step 2 of 2): “Booth budget confirmed”.`);
  await expect(log.getByRole("link", { name: "New card for Eli Employee" }).first()).toHaveAttribute("href", `/requests/${ids.big}`);
});

test("self-approval is refused by the server even when the request is forged", async ({ browser }) => {
  const manager = await as(browser, "manager");
  const own = await requestCard(manager, { alias: `${prefix} Manager own`, amount: "20", purpose: `${prefix} manager's own card` });
  await status(manager, "Waiting for finance");
  await expect(manager.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const employee = await as(browser, "employee");
  const decoy = await requestCard(employee, { alias: `${prefix} Decoy`, amount: "15", purpose: `${prefix} decoy` });
  await manager.goto(`/requests/${decoy}`);
  await manager.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"] && request.postData()?.includes(decoy)) {
      await route.continue({ postData: request.postData()!.replaceAll(decoy, own) });
      return;
    }
    await route.continue();
  });
  await manager.getByRole("button", { name: "Approve" }).click();
  await expect(manager.getByText("You do not have permission to do that.")).toBeVisible();
  await manager.unroute("**/*");
  await manager.goto(`/requests/${own}`);
  await status(manager, "Waiting for finance");
  expect((await deniedAudits(own)).some((row) => row.actor_email === "manager@demo.test")).toBe(true);
});

test("the manager of another team can neither see nor approve the request", async ({ browser }) => {
  const marketing = await asManager2(browser);
  await marketing.goto("/requests");
  await expect(marketing.getByRole("heading", { name: "Requests", level: 1 })).toBeVisible();
  await expect(marketing.getByText(`${prefix} decoy`)).toHaveCount(0);
  const decoy = (await pendingRequestWithPurpose(`${prefix} decoy`))!;
  const deniedViews = () =>
    withE2eClient(async (client) => (await client.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'permission.denied' and actor_email = $1 and summary ->> 'permission' = 'request.view'", ["manager2@demo.test"])).rows[0]!.n);
  const deniedBefore = await deniedViews();
  await marketing.goto(`/requests/${decoy}`);
  await expect(marketing.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  // The title, read with the same check as the page, names nothing of the request; the refusal is audited once.
  expect(await marketing.title()).not.toMatch(/New card|Top-up|Limit increase|Unfreeze|Activation|Requests/);
  await expect.poll(deniedViews).toBe(deniedBefore + 1);

  const employee2 = await as(browser, "employee2");
  const mine = await requestCard(employee2, { alias: `${prefix} Marketing`, amount: "12", purpose: `${prefix} marketing tools` });
  await marketing.goto(`/requests/${mine}`);
  await expect(marketing).toHaveTitle("New card · Requests · Cardhub");
  expect(await deniedViews()).toBe(deniedBefore + 1);
  await marketing.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"] && request.postData()?.includes(mine)) {
      await route.continue({ postData: request.postData()!.replaceAll(mine, decoy) });
      return;
    }
    await route.continue();
  });
  await marketing.getByRole("button", { name: "Approve" }).click();
  await expect(marketing.getByText("You do not have permission to do that.")).toBeVisible();
  await marketing.unroute("**/*");
  expect(await pendingRequestWithPurpose(`${prefix} decoy`)).toBe(decoy);
});

test("a rejected request shows its comment to the requester", async ({ browser }) => {
  const employee = await as(browser, "employee");
  const id = await requestCard(employee, { alias: `${prefix} Lunch`, amount: "25", purpose: `${prefix} team lunches` });
  const manager = await as(browser, "manager");
  await manager.goto(`/requests/${id}`);
  await manager.getByRole("button", { name: "Reject" }).click();
  await expect(manager.getByLabel("Comment")).toHaveAccessibleDescription(/Say why you reject it/);
  await manager.getByLabel("Comment").fill("Use the Operations team card for lunches.");
  await manager.getByRole("button", { name: "Reject" }).click();
  await status(manager, "Rejected");
  await expect(manager.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You rejected this request. The requester is told, with your comment." })).toBeFocused();

  await employee.goto(`/requests/${id}`);
  await status(employee, "Rejected");
  await expect(employee.getByText("Use the Operations team card for lunches.")).toBeVisible();
});

test("the requester cancels a waiting request with the keyboard, and hears that it is cancelled", async ({ browser }) => {
  const employee = await as(browser, "employee");
  const id = await requestCard(employee, { alias: `${prefix} Spare`, amount: "20", purpose: `${prefix} spare card` });
  await employee.goto(`/requests/${id}`);
  await employee.getByRole("button", { name: "Cancel request" }).focus();
  await employee.keyboard.press("Enter");
  // A cancellation cannot be undone: it is confirmed first.
  await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).focus();
  await employee.keyboard.press("Enter");
  await status(employee, "Cancelled");
  await expect(employee.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
  await expect(employee.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You cancelled this request." })).toBeFocused();
});

test("a manager's open inbox follows a request filed and then withdrawn, without a reload", async ({ browser }) => {
  const manager = await as(browser, "manager");
  await manager.goto("/requests?tab=inbox");
  const employee = await as(browser, "employee");
  const id = await requestCard(employee, { alias: `${prefix} Live`, amount: "21", purpose: `${prefix} live inbox` });
  // The bell's poll (15 s) sees a new notice and has the page read again: the row appears, with its Approve button.
  const row = manager.getByRole("row").filter({ hasText: `${prefix} live inbox` });
  await expect(row).toBeVisible({ timeout: 40_000 });
  await employee.goto(`/requests/${id}`);
  await employee.getByRole("button", { name: "Cancel request" }).click();
  await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
  await status(employee, "Cancelled");
  // Withdrawn, it no longer waits for the manager: it leaves their inbox by itself.
  await expect(row).toHaveCount(0, { timeout: 40_000 });
});

test("an employee asks to unfreeze a frozen card, and it is active after finance approves", async ({ browser }) => {
  const employee = await as(browser, "employee");
  const cardId = await cardOfRequest(ids.big!);
  await employee.goto(`/cards/${cardId}`);
  await employee.getByRole("button", { name: "Freeze card" }).click();
  // The holder cannot undo a freeze themselves, and is told before it happens who approves the unfreeze request: the
  // card holds 1,000.00 USD, at the threshold, so their team's manager and then a finance member (as below).
  const confirm = employee.getByRole("alertdialog", { name: /^Freeze / });
  await expect(confirm).toContainText(
    "To use it again, ask for it with an unfreeze request: your team's manager approves it, then a finance member. Finance can also unfreeze it directly.",
  );
  await confirm.getByRole("button", { name: "Freeze card" }).click();
  await expect(employee.getByRole("link", { name: "Request unfreeze" })).toBeVisible({ timeout: 30_000 });
  await employee.getByRole("link", { name: "Request unfreeze" }).click();
  await expect(employee.getByRole("radio", { name: /Unfreeze/ })).toBeChecked();
  await employee.getByLabel("Purpose").fill(`${prefix} the conference starts tomorrow`);
  await employee.getByRole("button", { name: "Send request" }).click();
  await expect(employee).toHaveURL(/\/requests\/[0-9a-f-]{36}(\?sent=1)?$/);
  const id = new URL(employee.url()).pathname.split("/").at(-1)!;
  // The card holds 1,000.00 USD: unfreezing it releases that much, so finance approves after the manager.
  await approve(await as(browser, "manager"), id);
  const finance = await as(browser, "finance");
  await approve(finance, id);
  await status(finance, "Done");
  await employee.goto(`/cards/${cardId}`);
  await expect(employee.getByRole("main").getByText("Active", { exact: true }).first()).toBeVisible();
});

test("finance chooses whom a card request is for by typing, and is never offered themselves", async ({ browser }) => {
  const finance = await as(browser, "finance");
  await finance.goto("/requests/new");
  await finance.getByRole("radio", { name: /New card/ }).check();
  const forField = finance.getByRole("combobox", { name: "For" });
  await expect(forField).toHaveAttribute("placeholder", "Me");
  await forField.click();
  await forField.pressSequentially("fiona", { delay: 30 });
  await expect(finance.getByText("No one matches.")).toBeVisible();
  await forField.press("Escape");
  await expect(forField).toHaveValue("");
  await choosePerson(finance, "For", "employee2@", "Emma Employee");
});

test("desktop filters apply as on /cards, on every tab, and keep the tab", async ({ browser }) => {
  const employee = await as(browser, "employee");
  ids.filtered = await requestCard(employee, { alias: `${prefix} Filtered`, amount: "21", purpose: `${prefix} filtered desk` });
  for (const [role, tab] of [
    ["employee", "mine"],
    ["manager", "inbox"],
    ["finance", "all"],
  ] as const) {
    const page = role === "employee" ? employee : await as(browser, role);
    await page.goto(`/requests?tab=${tab}`);
    const filters = page.getByRole("search", { name: "Request filters" });
    await expect(filters.getByRole("button")).toHaveCount(0);
    await filters.getByLabel("Status").selectOption({ label: "Waiting for approval" });
    // A select applies at once, with no Apply button, and the tab stays.
    await expect(page).toHaveURL((url) => url.searchParams.get("tab") === tab && url.searchParams.get("status") === "pending");
    const row = page.getByRole("table").getByRole("row").filter({ hasText: `${prefix} filtered desk` });
    await expect(row, `${role} on ${tab}`).toBeVisible();
    await filters.getByLabel("Status").selectOption({ label: "Done" });
    await expect(page).toHaveURL((url) => url.searchParams.get("status") === "done");
    await expect(row).toHaveCount(0);
    await filters.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/requests" && url.search === `?tab=${tab}`);
    await expect(filters.getByLabel("Status")).toHaveValue("");
  }
  // Finance narrows "All" to one requester through the person combobox (the server searches; no list of everyone).
  const finance = await as(browser, "finance");
  await finance.goto("/requests?tab=all");
  const financeFilters = finance.getByRole("search", { name: "Request filters" });
  const filed = finance.getByRole("table").getByRole("row").filter({ hasText: `${prefix} filtered desk` });
  await choosePerson(financeFilters, "Requested by", "eli", "Eli Employee");
  await expect(finance).toHaveURL((url) => url.searchParams.get("tab") === "all" && (url.searchParams.get("requester") ?? "") !== "");
  await expect(filed).toBeVisible();
  await choosePerson(financeFilters, "Requested by", "employee2@", "Emma Employee");
  await expect(filed).toHaveCount(0);
  // The whole row opens the request: a click on its status, far from the link.
  await employee.goto("/requests?tab=mine");
  const row = employee.getByRole("table").getByRole("row").filter({ hasText: `${prefix} filtered desk` });
  await row.getByText("Waiting for manager").scrollIntoViewIfNeeded();
  const box = await row.getByText("Waiting for manager").boundingBox();
  await employee.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await expect(employee).toHaveURL(`/requests/${ids.filtered}`);
});

test("at phone width the filters fold into a sheet and each request is a card with status and amount", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("employee"), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // A purpose long enough to be cut short on a phone card: it must truncate there, not push the page sideways.
  ids.phone = await requestCard(page, { alias: `${prefix} Phone`, amount: "42", purpose: `${prefix} phone list, booth and travel for the Berlin trade show in March` });
  await page.goto("/requests?tab=mine");
  const cards = await phoneListCards(page, /^My requests, \d+ shown$/);
  const card = cards.filter({ hasText: `${prefix} phone list` });
  await expect(card).toContainText("Waiting for manager");
  await expect(card).toContainText("$42.00");
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);

  const filters = page.getByRole("search", { name: "Request filters" });
  await expect(filters.getByLabel("Status")).toBeHidden();
  await filters.getByRole("button", { name: "Filters" }).click();
  const sheet = page.getByRole("dialog", { name: "Filters" });
  await sheet.getByLabel("Status").selectOption({ label: "Rejected" });
  await expect(page).toHaveURL((url) => url.searchParams.get("tab") === "mine" && url.searchParams.get("status") === "rejected");
  await expect(card).toHaveCount(0);
  await sheet.getByLabel("Status").selectOption({ label: "Waiting for approval" });
  await expect(page).toHaveURL((url) => url.searchParams.get("status") === "pending");
  await sheet.getByRole("button", { name: "Show results" }).click();
  await expect(sheet).toBeHidden();
  await expect(card).toBeVisible();
  await expect(filters.getByRole("button", { name: "Filters 1 active" })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);

  // A tap anywhere on the card opens the request; so does Enter on its link.
  await card.getByText("$42.00", { exact: true }).scrollIntoViewIfNeeded();
  const box = await card.getByText("$42.00", { exact: true }).boundingBox();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await expect(page).toHaveURL(`/requests/${ids.phone}`);
  await page.goBack();
  await card.getByRole("link").first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/requests/${ids.phone}`);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await context.close();
});

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  return withE2eClient(async (client) => (await client.query<T>(text, values)).rows);
}

async function pendingRequestWithPurpose(purpose: string): Promise<string | undefined> {
  return (await query<{ id: string }>("select id from card_requests where purpose = $1 and status = 'pending'", [purpose]))[0]?.id;
}

async function cardOfRequest(requestId: string): Promise<string> {
  const [row] = await query<{ card_id: string }>("select card_id from card_requests where id = $1 and status = 'done'", [requestId]);
  expect(row?.card_id, "the request issued a card").toBeTruthy();
  return row!.card_id;
}
