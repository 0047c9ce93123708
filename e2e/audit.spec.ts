import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "./fixtures/test";
import { ROLE_USERS, storageStateFor } from "./fixtures/roles";
import { withE2eClient } from "./fixtures/cards-db";
import { AuditPage } from "./pages/audit-page";
import { phoneListCards } from "./pages/phone-list";

// Names of controls that would change something. The auditor must meet none of them on any page.
const MUTATING = /\b(issue|freeze|unfreeze|cancel|fund|top.?up|withdraw|limits?|approve|reject|reveal|delete|remove|edit|save|create|new|request|assign|connect|invite|disable|enable)\b/i;

async function mutatingControls(page: Page): Promise<string[]> {
  // One read of the whole page: the audit page follows the chain check (another test may start one) and re-renders,
  // so reading control by control raced with it (a loaded run waited for a 42nd control that had just gone).
  const names = await page.getByRole("main").evaluate((main) =>
    [...main.querySelectorAll<HTMLElement>("button, a[href], [role='button'], [role='link']")]
      .filter((control) => control.getClientRects().length > 0 && !control.closest("[aria-hidden='true'], [hidden], [inert]"))
      // Links inside a table open a row (a card named "Reveal test" is data, not a control).
      .filter((control) => !(control.tagName === "A" && control.closest("table") !== null))
      .map((control) => (control.getAttribute("aria-label") ?? control.innerText).trim()),
  );
  return names.filter((name) => MUTATING.test(name));
}

test.describe("auditor", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("sees the employee's sign-in with the right actor, roles and action", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ actor: ROLE_USERS.employee.email, action: "auth.signed_in" });
    await expect(audit.rows().first()).toBeVisible();
    for (const row of await audit.rows().all()) {
      await expect(audit.sentence(row)).toHaveText("Eli Employee signed in.");
      await expect(audit.sentence(row).getByRole("link", { name: "Eli Employee" })).toHaveAttribute("href", `/audit?actor=${encodeURIComponent(ROLE_USERS.employee.email)}`);
    }
    await audit.rows().first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /^Audit event \d+$/, level: 1 })).toBeVisible();
    const detail = page.getByRole("definition");
    await expect(detail.filter({ hasText: ROLE_USERS.employee.email })).toHaveCount(1);
    await expect(page.getByRole("term").filter({ hasText: "Roles at that moment" }).locator("xpath=following-sibling::dd[1]")).toHaveText("employee");
    await expect(page.getByRole("term").filter({ hasText: /^Action$/ }).locator("xpath=following-sibling::dd[1]")).toHaveText("Signed in (auth.signed_in)");
    await expect(page.getByRole("term").filter({ hasText: "This row's hash" }).locator("xpath=following-sibling::dd[1]")).toHaveText(/^[0-9a-f]{64}$/);
  });

  test("the audit page offers no change except verifying the chain, and verifying is itself on record", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await expect(audit.main.getByRole("button")).toHaveText(["Verify chain", "Full check"]);
    await expect(audit.main.locator('form[method="post" i]')).toHaveCount(0);
    // The status line may already show an earlier run: one click (the page hydrated, as every goto waits for) puts
    // exactly one request on record.
    const requests = () =>
      withE2eClient(async (client) => (await client.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'audit.verification_requested' and actor_email = 'auditor@demo.test'")).rows[0]!.n);
    const requestsBefore = await requests();
    const verify = audit.main.getByRole("button", { name: "Verify chain" });
    await verify.click();
    await expect.poll(requests).toBe(requestsBefore + 1);
    // The check runs in the worker; the page follows it until it is done.
    await expect(page.getByRole("status").filter({ hasText: /Chain intact: (every row checked \([\d,]+ rows?|the [\d,]+ rows? added since the last check)/ })).toBeVisible({ timeout: 30_000 });
    expect(await requests()).toBe(requestsBefore + 1);

    // The request is on record at once. The status line shows the newest run, which may be the worker's scheduled one:
    // a click while that runs joins it (its outcome is recorded under the schedule); otherwise the auditor's own run
    // records its outcome under the auditor.
    await audit.filter({ action: "audit.verification_requested" });
    const requested = audit.sentence(audit.rows().first());
    await expect(requested).toHaveText(/^Aude Auditor started an incremental verification of the audit chain(, joining the one already running)?\.$/);
    if (!(await requested.innerText()).includes("joining")) {
      await expect(async () => {
        await audit.goto("?action=audit.verified");
        await expect(audit.sentence(audit.rows().first())).toHaveText(/^Aude Auditor verified the audit chain: \d+ rows intact\.$/, { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await expect(audit.rows().first().getByRole("cell").nth(2)).toHaveText("Succeeded");
    }
  });

  test("meets no control that would change anything on any page it can open", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    expect(hrefs.length).toBe(ROLE_USERS.auditor.nav.length);
    for (const href of hrefs) {
      await page.goto(href);
      expect({ href, controls: await mutatingControls(page) }).toEqual({ href, controls: [] });
    }
  });

  test("exports the filtered log as CSV, and the export is on record", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ action: "auth.signed_in" });
    const downloading = page.waitForEvent("download");
    await audit.main.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^cardhub-audit-.*\.csv$/);
    const file = await readFile((await download.path())!, "utf8");
    // UTF-8's byte-order mark, so a spreadsheet reads the file as UTF-8 (lib/csv/csv-stream.ts).
    expect(file.startsWith("\uFEFF")).toBe(true);
    const csv = file.slice(1);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,occurred_at_utc,actor_email,actor_user_id,actor_roles,action,outcome,target_type,target_id,team_id,ip,user_agent,summary,description,target_label,organization_id,prev_hash,hash",
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(",auth.signed_in,"))).toBe(true);
    // Each row's sentence as the page words it, beside the recorded summary.
    expect(lines.slice(1).every((line) => / signed in\.,/.test(line))).toBe(true);
    expect(csv).toContain(ROLE_USERS.employee.email);

    await audit.goto("?action=audit.exported");
    await expect(audit.sentence(audit.rows().first())).toHaveText("Aude Auditor exported the audit log as CSV.");
  });

  test("bad filter values are ignored with a notice, and the list shows with the rest", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto("?from=2025-02-30&outcome=meh&action=auth.signed_in");
    const alert = page.getByRole("alert").filter({ hasText: "Part of this link could not be used and was ignored" });
    await expect(alert).toContainText("From is not a real date; it was ignored.");
    // A notice that names its filter is not prefixed with the name again.
    await expect(alert).not.toContainText("From: From");
    await expect(alert).toContainText("Unknown outcome; showing every outcome.");
    await expect(alert).not.toContainText("success, denied or failure");
    // The bad values are not shown as filters in force; the good one still applies.
    await expect(page.getByLabel("From (UTC day)")).toHaveValue("");
    await expect(page.getByLabel("From (UTC day)")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Outcome", { exact: true })).toHaveValue("");
    await expect(audit.sentence(audit.rows().first())).toContainText("signed in");
  });
});

test.describe("auditor's date range", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("a To day before the From day is marked on its field and never applied; such a link's export is refused, not widened", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto("?action=auth.signed_in");
    const from = page.getByLabel("From (UTC day)");
    const to = page.getByLabel("To (UTC day, inclusive)");
    await from.fill("2026-12-04");
    await expect(page).toHaveURL((url) => url.searchParams.get("from") === "2026-12-04");
    await to.fill("2026-12-03");
    await expect(to).toHaveAttribute("aria-invalid", "true");
    await expect(to).toHaveAccessibleDescription(/To is before From\./);
    await expect(from).toHaveValue("2026-12-04");
    await expect(page.getByRole("status").filter({ hasText: "To is before From. The list is unchanged." })).toHaveCount(1);
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL((url) => url.searchParams.get("from") === "2026-12-04" && !url.searchParams.has("to"));
    // Put right, it applies.
    await to.fill("2026-12-05");
    await expect(page).toHaveURL((url) => url.searchParams.get("to") === "2026-12-05");
    await expect(to).not.toHaveAttribute("aria-invalid", "true");

    // A link with the days the wrong way round: the list drops them with a notice, and its export carries them as they
    // were, so the export refuses them by name instead of writing the whole log.
    await audit.goto("?from=2026-12-05&to=2026-12-01&action=auth.signed_in");
    await expect(page.getByText("To: earlier than From; the date range was ignored.")).toBeVisible();
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toBe("/audit/export?from=2026-12-05&to=2026-12-01&action=auth.signed_in");
    const refused = await page.request.get(href!);
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain("To: earlier than From.");
  });
});

test.describe("auditor paging", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("a page the auditor may not open answers a real 403, also behind a loading skeleton", async ({ page }) => {
    const response = await page.goto("/requests/new");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  });

  test("Older and Newer move keyboard focus to the new page's table, which says how many events it shows", async ({ page }) => {
    // 51 pages refused to the auditor: 51 denials of theirs, one more than a page of the audit log.
    for (let index = 0; index < 51; index += 1) expect((await page.request.get("/cards/new", { maxRedirects: 0 })).status()).toBe(403);
    const audit = new AuditPage(page);
    await audit.goto(`?action=permission.denied&actor=${encodeURIComponent(ROLE_USERS.auditor.email)}`);
    await expect(page.getByRole("table", { name: "Audit events, 50 shown, newest first" })).toBeVisible();
    await page.getByRole("navigation", { name: "Audit pages" }).getByRole("link", { name: "Older" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("table", { name: /^Audit events, \d+ shown, newest first$/ })).toBeFocused();
    await expect(page).toHaveURL(/before=/);
    await page.getByRole("navigation", { name: "Audit pages" }).getByRole("link", { name: "Newer" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("table", { name: "Audit events, 50 shown, newest first" })).toBeFocused();
  });
});

test.describe("manager", () => {
  test.use({ storageState: storageStateFor("manager") });

  test("sees their own actions but not another department's", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ actor: ROLE_USERS.manager.email, action: "auth.signed_in" });
    await expect(audit.sentence(audit.rows().first())).toHaveText("Omar Operations signed in.");
    // Finance's sign-ins belong to no team of the manager's (finance's work on the team's cards would be visible).
    await audit.goto(`?actor=${encodeURIComponent(ROLE_USERS.finance.email)}&action=auth.signed_in`);
    await expect(page.getByText("No events match these filters")).toBeVisible();
    await expect(audit.table).toHaveCount(0);
  });
});

test.describe("employee", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("cannot open the audit log or export it", async ({ page }) => {
    const response = await page.goto("/audit");
    expect(response?.status()).toBe(403);
    const exported = await page.request.get("/audit/export");
    expect(exported.status()).toBe(403);
  });
});

test.describe("phone width", () => {
  test.use({ storageState: storageStateFor("auditor"), viewport: { width: 390, height: 844 } });

  test("the audit log shows events as cards that fit the screen, and opens one by keyboard", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    const events = await phoneListCards(page, /^Audit events, \d+ shown, newest first$/);
    await expect(events.first()).toBeVisible();
    // Each card shows when, what (as a sentence) and the outcome.
    await expect(events.first()).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    await expect(events.first()).toContainText(/Succeeded|Requested|Denied|Failed/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The filters fold into one button.
    await expect(audit.filters.getByLabel("Event")).toBeHidden();
    await audit.filters.getByRole("button", { name: "Filters" }).click();
    const sheet = page.getByRole("dialog", { name: "Filters" });
    await sheet.getByLabel("Event").selectOption({ label: "Signed in" });
    await expect(page).toHaveURL(/action=auth\.signed_in/);
    await sheet.getByRole("button", { name: "Show results" }).click();
    await expect(audit.filters.getByRole("button", { name: "Filters 1 active" })).toBeVisible();
    await events.first().getByRole("link").first().focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: /^Audit event \d+$/, level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Back to the audit log" }).click();
    await expect(page).toHaveURL(/\/audit\?action=auth\.signed_in$/);
  });
});
