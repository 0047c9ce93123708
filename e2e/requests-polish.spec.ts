import { expect, test, type Browser, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor, type DemoRole } from "./fixtures/roles";

const prefix = uniquePrefix("Polish");

// Two or three people take turns, and the provider carries approved requests out asynchronously.
test.describe.configure({ timeout: 150_000 });

async function as(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  return context.newPage();
}

const sentAnnouncement = (page: Page) => page.getByRole("status", { name: "Result of the last action" }).filter({ hasText: /^Request sent\./ });

/**
 * Files a small Card OPEN-API card request (below the threshold: the manager alone approves it) and waits for the
 * request page's "Request sent." announcement; returns the request's id.
 */
async function fileRequest(page: Page, name: string): Promise<string> {
  await page.goto("/requests/new");
  await page.getByRole("radio", { name: /New card/ }).check();
  await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
  await page.getByLabel("Product").selectOption({ label: "VISA 448533 · BIN 448533" });
  await page.getByLabel(/First top-up/).fill("15");
  await page.getByLabel("Card name").fill(`${prefix} ${name}`);
  await page.getByLabel("Purpose").fill(`${prefix} ${name} purpose`);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}(\?sent=1)?$/);
  await expect(sentAnnouncement(page)).toBeFocused();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

const status = (page: Page, text: string) => expect(page.getByRole("main").getByText(text, { exact: true }).first()).toBeVisible({ timeout: 45_000 });

test.describe("the request page", () => {
  test("says 'Request sent.' once: the address drops ?sent=1 while the announcement stays, and a reload says nothing", async ({ browser }) => {
    const employee = await as(browser, "employee");
    const id = await fileRequest(employee, "Sent once");
    await expect(employee).toHaveURL(new RegExp(`/requests/${id}$`));
    // Still there, and still where focus is, for whoever is reading it.
    await expect(sentAnnouncement(employee)).toBeFocused();
    await expect(sentAnnouncement(employee)).toContainText("It now waits for approval from the team's manager");
    await employee.reload();
    await expect(employee.getByRole("heading", { name: "Timeline" })).toBeVisible();
    await expect(employee.getByText("Request sent.")).toHaveCount(0);
    await employee.context().close();
  });

  test("drops the approver's 'Cardhub is carrying it out now' once the request is done", async ({ browser }) => {
    const employee = await as(browser, "employee");
    const id = await fileRequest(employee, "Carried out");
    await employee.context().close();
    const manager = await as(browser, "manager");
    await manager.goto(`/requests/${id}`);
    await manager.getByRole("button", { name: "Approve" }).click();
    const outcome = manager.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You approved this request. Cardhub is carrying it out now." });
    await expect(outcome).toBeFocused();
    // The page follows the provider by itself; once done, nothing says it is still being carried out.
    await status(manager, "Done");
    await expect(manager.getByText("Cardhub is carrying it out now.")).toHaveCount(0);
    await manager.context().close();
  });

  test("asks before cancelling: keeping the request changes nothing, confirming cancels it and says so", async ({ browser }) => {
    const employee = await as(browser, "employee");
    await fileRequest(employee, "Cancel twice");
    const cancel = employee.getByRole("button", { name: "Cancel request" });
    await cancel.focus();
    await employee.keyboard.press("Enter");
    const confirm = employee.getByRole("alertdialog", { name: "Cancel this request?" });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText("cannot be undone");
    await confirm.getByRole("button", { name: "Keep request" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(employee.getByRole("button", { name: "Cancel request" })).toBeFocused();
    await status(employee, "Waiting for manager");

    await employee.getByRole("button", { name: "Cancel request" }).click();
    await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
    await status(employee, "Cancelled");
    // The page read again after cancelling no longer says the request was just sent.
    await expect(employee.getByText("Request sent.")).toHaveCount(0);
    await expect(employee.getByRole("alertdialog")).toHaveCount(0);
    await expect(employee.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
    await expect(employee.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You cancelled this request." })).toBeFocused();
    await employee.context().close();
  });

  test("refuses someone else's request by saying it is not theirs, and a missing role still by the role", async ({ browser }) => {
    const employee = await as(browser, "employee");
    const id = await fileRequest(employee, "Not yours");
    await employee.context().close();

    const colleague = await as(browser, "employee2");
    const response = await colleague.goto(`/requests/${id}`);
    expect(response?.status()).toBe(403);
    await expect(colleague.getByRole("heading", { name: "You don't have access to this page", level: 1 })).toBeVisible();
    await expect(colleague.getByRole("main")).toContainText("This request is not yours, and not from a team you manage.");
    await expect(colleague.getByRole("main")).not.toContainText("ask an administrator to change your roles");
    await colleague.context().close();

    // The request form is refused by role (an auditor files nothing): that advice stays. (Its answer is a 200: the
    // form's loading outline streams before the page refuses.)
    const auditor = await as(browser, "auditor");
    await auditor.goto("/requests/new");
    await expect(auditor.getByRole("heading", { name: "You don't have access to this page", level: 1 })).toBeVisible();
    await expect(auditor.getByRole("main")).toContainText("ask an administrator to change your roles");
    await expect(auditor.getByRole("main")).not.toContainText("This request is not yours");
    await auditor.context().close();
  });
});

test.describe("a paged list", () => {
  const pagePrefix = uniquePrefix("FocusPaging");
  test.use({ storageState: storageStateFor("finance") });

  test.beforeAll(async () => {
    await insertCards(Array.from({ length: 27 }, (_, index) => ({ alias: `${pagePrefix} ${String(index).padStart(2, "0")}`, owner: "finance@demo.test", team: null, provider: "cardepass" as const })));
  });

  test("moves keyboard focus to the list, named by what it shows, after Next and after Previous", async ({ page }) => {
    await page.goto(`/cards?q=${encodeURIComponent(pagePrefix)}`);
    await expect(page.getByRole("table", { name: "Cards, 25 shown" })).toBeVisible();
    await page.getByRole("navigation", { name: "Card pages" }).getByRole("link", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("table", { name: "Cards, 2 shown" })).toBeFocused();
    // Tab goes on from the top of the list: its first row.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("table").getByRole("link").first()).toBeFocused();

    await page.getByRole("navigation", { name: "Card pages" }).getByRole("link", { name: "Previous" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("table", { name: "Cards, 25 shown" })).toBeFocused();
  });
});
