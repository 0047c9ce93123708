import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl } from "./fixtures/cards-db";
import { ROLE_USERS, storageStateFor } from "./fixtures/roles";

// As the admin: no other spec exports as the admin, so holding their export lock here holds up nobody else's export.
test.use({ storageState: storageStateFor("admin") });
test.describe.configure({ mode: "serial" });

const RUNNING = "An export of yours is still running. Let it finish or cancel it, then start this one again.";

/** Holds the admin's export lock (lib/csv/export-lock.ts), as an export of theirs still downloading does. */
async function holdAdminsExportLock(): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>(
    "select pg_try_advisory_lock(hashtextextended('export:' || id::text, 0)) as locked from users where lower(email) = $1",
    [ROLE_USERS.admin.email],
  );
  expect(rows).toEqual([{ locked: true }]);
  // Closing the connection releases the lock.
  return { release: () => client.end() };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The page's URL is exactly this path and query. */
const at = (pathAndQuery: string) => new RegExp(`^https?://[^/]+${escaped(pathAndQuery)}$`);

/** The refusal's alert: why the export did not start, with its way to dismiss it. */
async function expectRefusedAndDismiss(page: Page, back: string) {
  const refused = page.getByRole("alert").filter({ hasText: RUNNING });
  await expect(refused).toContainText("The CSV export did not start.");
  await refused.getByRole("link", { name: "Dismiss" }).click();
  await expect(page).toHaveURL(at(back));
  await expect(page.getByText(RUNNING)).toHaveCount(0);
}

for (const { list, url, file } of [
  { list: "transactions", url: "/transactions?status=settled", file: /^cardhub-transactions-.*\.csv$/ },
  { list: "audit log", url: "/audit?outcome=denied", file: /^cardhub-audit-.*\.csv$/ },
]) {
  test(`an export of the ${list} refused while another runs says why above the list, keeps the filters, and is dismissed`, async ({ page }) => {
    await page.goto(url);
    const exportLink = page.getByRole("main").getByRole("link", { name: "Export CSV" });
    const lock = await holdAdminsExportLock();
    try {
      await exportLink.click();
      await expect(page).toHaveURL(at(`${url}&exportRefused=busy`));
      await expectRefusedAndDismiss(page, url);
    } finally {
      await lock.release();
    }
    // Nothing else running: the same link downloads the file, and the page stays where it was.
    const downloading = page.waitForEvent("download");
    await exportLink.click();
    expect((await downloading).suggestedFilename()).toMatch(file);
    await expect(page).toHaveURL(at(url));
  });
}

test("a statement export refused on the Funding page lands on that statement, which says why", async ({ page }) => {
  await page.goto("/funding");
  const section = page.getByRole("region", { name: "Recent statement lines of Cardepass sandbox" });
  const lock = await holdAdminsExportLock();
  let statement = "";
  try {
    await section.getByRole("link", { name: /^Export CSV/ }).click();
    await expect(page).toHaveURL(/\/funding\/statements\?account=[0-9a-f-]{36}&exportRefused=busy$/);
    await expect(page.getByRole("heading", { level: 1, name: /^Statement of / })).toBeVisible();
    statement = new URL(page.url()).pathname + new URL(page.url()).search.replace(/&exportRefused=busy$/, "");
    await expectRefusedAndDismiss(page, statement);
  } finally {
    await lock.release();
  }
  const downloading = page.waitForEvent("download");
  await page.getByRole("main").getByRole("link", { name: "Export CSV" }).click();
  expect((await downloading).suggestedFilename()).toMatch(/^cardhub-statements-.*\.csv$/);
  await expect(page).toHaveURL(at(statement));
});
