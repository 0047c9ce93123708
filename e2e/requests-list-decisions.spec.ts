import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { storageStateFor, type DemoRole } from "./fixtures/roles";
import { phoneListCards } from "./pages/phone-list";
import { requestCard } from "./pages/request-form";

const prefix = uniquePrefix("ListDecide");

// Three people take turns, and the provider carries an approved request out asynchronously.
test.describe.configure({ mode: "serial", timeout: 150_000 });

async function as(browser: Browser, role: DemoRole, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), viewport });
  return context.newPage();
}

/** What the list calls a new-card request for Eli: its buttons' names, its dialog's title, its outcome. */
const nameOf = (card: string) => `new card request “${prefix} ${card}” for Eli Employee`;
const row = (page: Page, card: string): Locator => page.getByRole("table").getByRole("row").filter({ hasText: `${prefix} ${card} purpose` });
const announcement = (page: Page) => page.getByRole("status", { name: "Result of the last action" });
/** The Close a dialog's footer offers once its decision was refused for good (not the corner's ×, also named Close). */
const footerClose = (dialog: Locator) => dialog.locator('[data-slot="dialog-footer"]').getByRole("button", { name: "Close", exact: true });

async function statusOf(id: string): Promise<string> {
  return withE2eClient(async (client) => (await client.query<{ status: string }>("select status from card_requests where id = $1", [id])).rows[0]!.status);
}

const ids: Record<string, string> = {};

/** As e2e/accessibility.spec.ts reads axe: serious and critical findings, with the button names checked against their text. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}

test("an approver approves and rejects from the list, and is told what the server refused", async ({ browser }) => {
  const employee = await as(browser, "employee");
  for (const [card, amount] of [
    ["Approve", "15"],
    ["Reject", "16"],
    ["Moved on", "17"],
  ] as const) {
    ids[card] = await requestCard(employee, { alias: `${prefix} ${card}`, amount, purpose: `${prefix} ${card} purpose` });
  }
  // The requester is offered no decision on their own requests.
  await employee.goto("/requests?tab=mine");
  await expect(row(employee, "Approve")).toBeVisible();
  await expect(employee.getByRole("button", { name: /^Approve / })).toHaveCount(0);
  await employee.context().close();

  // Finance does not take a manager's step while the team has a manager: nothing to decide on these rows.
  const finance = await as(browser, "finance");
  await finance.goto("/requests?tab=all");
  await expect(row(finance, "Approve")).toBeVisible();
  await expect(row(finance, "Approve").getByRole("button")).toHaveCount(0);
  await finance.context().close();

  const manager = await as(browser, "manager");
  await manager.goto("/requests?tab=inbox");
  const approving = row(manager, "Approve");
  await expect(approving.getByRole("button", { name: `Reject ${nameOf("Approve")}` })).toBeVisible();
  expect(await seriousViolations(manager)).toEqual([]);

  // Approve, with the keyboard: the confirmation says what is approved, its amount as money.
  await approving.getByRole("button", { name: `Approve ${nameOf("Approve")}` }).focus();
  await manager.keyboard.press("Enter");
  const approveDialog = manager.getByRole("dialog", { name: `Approve the ${nameOf("Approve")}?` });
  await expect(approveDialog).toBeVisible();
  for (const text of ["New card", `${prefix} Approve`, "Eli Employee (Operations)", "$15.00", `${prefix} Approve purpose`, "1 of 1"]) await expect(approveDialog).toContainText(text);
  expect(await seriousViolations(manager)).toEqual([]);
  await approveDialog.getByLabel("Comment (optional)").fill("Fine from the list");
  await approveDialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(approveDialog).toHaveCount(0);
  await expect(announcement(manager)).toHaveText(`You approved the ${nameOf("Approve")}. Cardhub carries out what is approved; its page shows how it ends. Open the request`);
  await expect(announcement(manager)).toBeFocused();
  // The row leaves the list: the message links the request's page, where it goes on.
  await expect(announcement(manager).getByRole("link", { name: "Open the request" })).toHaveAttribute("href", /^\/requests\/[0-9a-f-]{36}$/);
  // The list is read again: the decided request no longer waits for this manager.
  await expect(approving).toHaveCount(0);
  expect(["approved", "executing", "done"]).toContain(await statusOf(ids.Approve!));

  // Reject: an empty comment is refused on its field, and nothing is sent.
  const rejecting = row(manager, "Reject");
  await rejecting.getByRole("button", { name: `Reject ${nameOf("Reject")}` }).click();
  const rejectDialog = manager.getByRole("dialog", { name: `Reject the ${nameOf("Reject")}?` });
  await expect(rejectDialog).toContainText("$16.00");
  await rejectDialog.getByRole("button", { name: "Reject", exact: true }).click();
  const comment = rejectDialog.getByLabel("Comment");
  await expect(comment).toBeFocused();
  await expect(comment).toHaveAttribute("aria-invalid", "true");
  await expect(comment).toHaveAccessibleDescription(/Say why you reject it; the requester reads this\./);
  expect(await statusOf(ids.Reject!)).toBe("pending");
  await comment.fill("Use the Operations team card for this.");
  await rejectDialog.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(rejectDialog).toHaveCount(0);
  await expect(announcement(manager)).toHaveText(`You rejected the ${nameOf("Reject")}. The requester is told, with your comment. Open the request`);
  await expect(announcement(manager)).toBeFocused();
  await expect(rejecting).toHaveCount(0);
  expect(await statusOf(ids.Reject!)).toBe("rejected");

  // A request decided elsewhere while the dialog is open: the server's refusal, saying who decided it, is shown in the
  // dialog, focused, and Close is all it offers.
  await row(manager, "Moved on").getByRole("button", { name: `Approve ${nameOf("Moved on")}` }).click();
  const staleDialog = manager.getByRole("dialog", { name: `Approve the ${nameOf("Moved on")}?` });
  await expect(staleDialog).toBeVisible();
  const elsewhere = await as(browser, "manager");
  await elsewhere.goto(`/requests/${ids["Moved on"]}`);
  await elsewhere.getByLabel("Comment").fill("Decided on the request page first.");
  await elsewhere.getByRole("button", { name: "Reject" }).click();
  await expect(elsewhere.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You rejected this request." })).toBeVisible();
  await elsewhere.context().close();
  await staleDialog.getByRole("button", { name: "Approve", exact: true }).click();
  const refusal = staleDialog.getByRole("alert");
  // The same manager, in another tab: "You".
  await expect(refusal).toHaveText("You rejected this request: there is nothing to decide.");
  await expect(staleDialog.locator(":focus")).toContainText("You rejected this request: there is nothing to decide.");
  expect(await statusOf(ids["Moved on"]!)).toBe("rejected");
  for (const name of ["Approve", "Keep it waiting"]) await expect(staleDialog.getByRole("button", { name, exact: true })).toHaveCount(0);
  await footerClose(staleDialog).click();
  await expect(staleDialog).toHaveCount(0);
  await expect(announcement(manager)).toHaveText("You rejected this request: there is nothing to decide.");
  await expect(announcement(manager)).toBeFocused();
  await expect(row(manager, "Moved on")).toHaveCount(0);

  // Each row's status afterwards, in the list.
  await manager.goto("/requests?tab=all");
  await expect(row(manager, "Reject")).toContainText("Rejected");
  await expect(row(manager, "Moved on")).toContainText("Rejected");
  await expect(row(manager, "Approve")).toContainText(/Approved|Executing|Done/);
  await expect(row(manager, "Approve").getByRole("button")).toHaveCount(0);
  await manager.context().close();
});

test("an unfreeze's Approve dialog offers no lower amount; cancelled by its requester meanwhile, it says so and offers only Close", async ({ browser }) => {
  const alias = `${prefix} Frozen`;
  await insertCards([{ alias, owner: "employee@demo.test", team: "Operations", provider: "cardopenapi", cardModel: "prepaid", status: "frozen", balance: 1_000, last4: "4861" }]);
  const employee = await as(browser, "employee");
  await employee.goto("/requests/new");
  await employee.getByRole("radio", { name: /Unfreeze/ }).check();
  await employee.getByLabel("Card", { exact: true }).selectOption({ label: `${alias} ·· 4861` });
  await employee.getByLabel("Purpose").fill(`${prefix} Frozen purpose`);
  await employee.getByRole("button", { name: "Send request" }).click();
  await expect(employee).toHaveURL(/\/requests\/[0-9a-f-]{36}(\?sent=1)?$/);
  ids.unfreeze = new URL(employee.url()).pathname.split("/").at(-1)!;

  // $10.00 released, below the threshold: the team's manager alone decides it.
  const manager = await as(browser, "manager");
  await manager.goto("/requests?tab=inbox");
  const name = `unfreeze request for ${alias}`;
  await row(manager, "Frozen").getByRole("button", { name: `Approve ${name}` }).click();
  const dialog = manager.getByRole("dialog", { name: `Approve the ${name}?` });
  await expect(dialog).toContainText("To read the timeline first, open the request.");
  await expect(dialog).not.toContainText("lower amount");

  // Eli cancels it while the manager's dialog is open.
  await employee.goto(`/requests/${ids.unfreeze}`);
  await employee.getByRole("button", { name: "Cancel request" }).click();
  await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
  await expect(employee.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You cancelled this request." })).toBeVisible();
  await employee.context().close();

  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Eli Employee cancelled this request: there is nothing to decide.");
  await expect(dialog.locator(":focus")).toContainText("Eli Employee cancelled this request: there is nothing to decide.");
  for (const button of ["Approve", "Keep it waiting"]) await expect(dialog.getByRole("button", { name: button, exact: true })).toHaveCount(0);
  await expect(dialog.getByLabel("Comment (optional)")).toHaveCount(0);
  expect(await statusOf(ids.unfreeze)).toBe("cancelled");
  await footerClose(dialog).click();
  await expect(dialog).toHaveCount(0);
  await expect(announcement(manager)).toHaveText("Eli Employee cancelled this request: there is nothing to decide.");
  await expect(announcement(manager)).toBeFocused();
  await expect(row(manager, "Frozen")).toHaveCount(0);
  await manager.context().close();
});

test("on the request page, approving a request its requester cancelled meanwhile says who cancelled it", async ({ browser }) => {
  const employee = await as(browser, "employee");
  ids.cancelledOnPage = await requestCard(employee, { alias: `${prefix} Cancelled`, amount: "19", purpose: `${prefix} Cancelled purpose` });
  const manager = await as(browser, "manager");
  await manager.goto(`/requests/${ids.cancelledOnPage}`);
  await expect(manager.getByRole("region", { name: "Your decision" })).toBeVisible();

  await employee.goto(`/requests/${ids.cancelledOnPage}`);
  await employee.getByRole("button", { name: "Cancel request" }).click();
  await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
  await expect(employee.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You cancelled this request." })).toBeVisible();
  await employee.context().close();

  // The page is read again: the decision panel goes, and what the server said stays, focused, in its place.
  await manager.getByRole("button", { name: "Approve" }).click();
  await expect(manager.getByRole("region", { name: "Your decision" })).toHaveCount(0);
  // Filtered: the page also holds the requester's own result line, empty for this manager.
  await expect(announcement(manager).filter({ hasText: "Eli Employee cancelled this request: there is nothing to decide." })).toBeFocused();
  expect(await statusOf(ids.cancelledOnPage)).toBe("cancelled");
  await manager.context().close();
});

test("approving a top-up from the list shows first what it takes from the funding account: amount, fee, total", async ({ browser }) => {
  // A card of Eli's on the Card OPEN-API BIN whose published fee is 1.5% of every load (cpi_6530de6a2f1c7, 卡Bin费用).
  const alias = `${prefix} Top-up`;
  const cardId = (await insertCards([{ alias, owner: "employee@demo.test", team: "Operations", provider: "cardopenapi", cardModel: "prepaid", balance: 1_000, last4: "4853" }])).get(alias)!;
  await withE2eClient((client) =>
    client.query("update cards c set product_id = p.id from products p where c.id = $1 and p.provider_account_id = c.provider_account_id and p.provider_product_id = 'cpi_6530de6a2f1c7'", [cardId]),
  );
  const employee = await as(browser, "employee");
  await employee.goto("/requests/new");
  await employee.getByRole("radio", { name: /Top-up/ }).check();
  await employee.getByLabel("Card", { exact: true }).selectOption({ label: `${alias} ·· 4853` });
  await employee.getByLabel(/^Amount/).fill("40");
  await employee.getByLabel("Purpose").fill(`${prefix} Top-up purpose`);
  await employee.getByRole("button", { name: "Send request" }).click();
  await expect(employee).toHaveURL(/\/requests\/[0-9a-f-]{36}(\?sent=1)?$/);
  ids.topUp = new URL(employee.url()).pathname.split("/").at(-1)!;
  await employee.context().close();

  const manager = await as(browser, "manager");
  await manager.goto("/requests?tab=inbox");
  const name = `top-up request for ${alias}`;
  await row(manager, "Top-up").getByRole("button", { name: `Approve ${name}` }).click();
  const dialog = manager.getByRole("dialog", { name: `Approve the ${name}?` });
  // What will move, read on the server, before the approver confirms: $40.00 + 1.5% = $40.60 from the funding account.
  const cost = dialog.getByRole("definition");
  await expect(dialog.getByRole("term").filter({ hasText: "Added to the card" })).toBeVisible();
  await expect(dialog.getByRole("term").filter({ hasText: "Fee" })).toContainText("as published by the provider");
  await expect(dialog.getByRole("term").filter({ hasText: "Total from the funding account" })).toBeVisible();
  await expect(cost.filter({ hasText: "$0.60" })).toHaveCount(1);
  await expect(cost.filter({ hasText: "$40.60" })).toHaveCount(1);
  // A manager does not see funding (funding.view): no balance is named.
  await expect(dialog.getByText(/funding balance/i)).toHaveCount(0);
  await expect(dialog).not.toContainText("read the fee");
  await expect(dialog.getByRole("button", { name: "Approve", exact: true })).not.toHaveAttribute("aria-disabled", "true");
  expect(await seriousViolations(manager)).toEqual([]);

  // Not approved here: the card is Cardhub's alone, unknown to the provider. Rejected, so it leaves the queue.
  await dialog.getByRole("button", { name: "Keep it waiting" }).click();
  await expect(dialog).toHaveCount(0);
  await row(manager, "Top-up").getByRole("button", { name: `Reject ${name}` }).click();
  const rejectDialog = manager.getByRole("dialog", { name: `Reject the ${name}?` });
  await rejectDialog.getByLabel("Comment").fill("Checked the fee; not this month.");
  await rejectDialog.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(rejectDialog).toHaveCount(0);
  expect(await statusOf(ids.topUp)).toBe("rejected");
  await manager.context().close();
});

test("at phone width each waiting request's card holds its Approve and Reject, and nothing scrolls sideways", async ({ browser }) => {
  const employee = await as(browser, "employee");
  ids.phone = await requestCard(employee, { alias: `${prefix} Phone`, amount: "18", purpose: `${prefix} Phone purpose` });
  await employee.context().close();

  const manager = await as(browser, "manager", { width: 390, height: 844 });
  await manager.goto("/requests?tab=inbox");
  const cards = await phoneListCards(manager, /^Waiting for you, \d+ shown$/);
  const card = cards.filter({ hasText: `${prefix} Phone purpose` });
  const approve = card.getByRole("button", { name: `Approve ${nameOf("Phone")}` });
  const reject = card.getByRole("button", { name: `Reject ${nameOf("Phone")}` });
  await expect(approve).toBeVisible();
  await expect(reject).toBeVisible();
  const box = (await card.boundingBox())!;
  for (const button of [approve, reject]) {
    const inside = (await button.boundingBox())!;
    expect(inside.x).toBeGreaterThanOrEqual(box.x);
    expect(inside.x + inside.width).toBeLessThanOrEqual(box.x + box.width);
  }
  expect(await manager.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(manager)).toEqual([]);

  // A tap on Reject opens its dialog, not the request the card links to.
  await reject.click();
  const dialog = manager.getByRole("dialog", { name: `Reject the ${nameOf("Phone")}?` });
  await expect(dialog).toBeVisible();
  await expect(manager).toHaveURL(/\/requests\?tab=inbox$/);
  await dialog.getByLabel("Comment").fill("Not needed this month.");
  await dialog.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(announcement(manager)).toHaveText(`You rejected the ${nameOf("Phone")}. The requester is told, with your comment. Open the request`);
  await expect(card).toHaveCount(0);
  expect(await statusOf(ids.phone!)).toBe("rejected");
  await manager.context().close();
});
