import { expect, test, type Locator, type Page } from "./fixtures/test";
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
  try {
    // An export of theirs that has just downloaded lets go of the lock as its stream ends: asked again until then.
    await expect
      .poll(async () => {
        const { rows } = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock(hashtextextended('export:' || id::text, 0)) as locked from users where lower(email) = $1",
          [ROLE_USERS.admin.email],
        );
        return rows;
      })
      .toEqual([{ locked: true }]);
  } catch (error) {
    await client.end();
    throw error;
  }
  // Closing the connection releases the lock.
  return { release: () => client.end() };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The page's URL is exactly this path and query. */
const at = (pathAndQuery: string) => new RegExp(`^https?://[^/]+${escaped(pathAndQuery)}$`);

const refusedNotice = (page: Page) => page.getByRole("alert").filter({ hasText: RUNNING });

/**
 * Follows an Export CSV link while the admin's export lock is held: the browser comes back to its list with the
 * refusal's code, the notice says why, and the address then loses the code, so a reload shows no stale notice.
 * Returns the list's path and query as it came back, without the code.
 */
async function followRefusedExport(page: Page, exportLink: Locator): Promise<string> {
  const lock = await holdAdminsExportLock();
  let landed: URL;
  try {
    const [listPage] = await Promise.all([
      page.waitForResponse((response) => response.request().isNavigationRequest() && new URL(response.url()).searchParams.get("exportRefused") === "busy"),
      exportLink.click(),
    ]);
    landed = new URL(listPage.url());
    await expect(refusedNotice(page)).toContainText("The CSV export did not start.");
  } finally {
    await lock.release();
  }
  landed.searchParams.delete("exportRefused");
  const back = `${landed.pathname}${landed.search}`;
  await expect(page).toHaveURL(at(back));
  await expect(refusedNotice(page)).toBeVisible();
  return back;
}

/** The export downloads in place: a file named like `file`, and the page stays at `back` with no refusal notice. */
async function expectDownloaded(page: Page, exportLink: Locator, file: RegExp, back: string) {
  const downloading = page.waitForEvent("download");
  await exportLink.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(file);
  // Wait for the whole file: the export holds the person's export lock until its last row.
  await download.path();
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
    expect(await followRefusedExport(page, exportLink)).toBe(url);
    await refusedNotice(page).getByRole("link", { name: "Dismiss" }).click();
    await expect(page).toHaveURL(at(url));
    await expect(page.getByText(RUNNING)).toHaveCount(0);
    // Nothing else running: the same link downloads the file, and the page stays where it was.
    await expectDownloaded(page, exportLink, file, url);
  });

  test(`the notice of a refused ${list} export goes when the next export starts, comes back if it is refused too, and not on a reload`, async ({ page }) => {
    await page.goto(url);
    const exportLink = page.getByRole("main").getByRole("link", { name: "Export CSV" });
    await followRefusedExport(page, exportLink);
    // Not dismissed: the next export downloads in place, and the notice that it did not start is gone.
    await expectDownloaded(page, exportLink, file, url);
    // Refused again: the browser comes back with the code, and the notice says so again.
    await followRefusedExport(page, exportLink);
    // The address no longer names the refusal: a reload shows the list without the notice.
    await page.reload();
    await expect(page.getByRole("main").getByRole("link", { name: "Export CSV" })).toBeVisible();
    await expect(page.getByText(RUNNING)).toHaveCount(0);
    await expect(page).toHaveURL(at(url));
  });
}

test("a statement export refused on the Funding page lands on that statement, which says why", async ({ page }) => {
  await page.goto("/funding");
  const section = page.getByRole("region", { name: "Latest statement lines of Cardepass sandbox" });
  const statement = await followRefusedExport(page, section.getByRole("link", { name: /^Export CSV/ }));
  expect(statement).toMatch(/^\/funding\/statements\?account=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Statement of / })).toBeVisible();
  await refusedNotice(page).getByRole("link", { name: "Dismiss" }).click();
  await expect(page).toHaveURL(at(statement));
  await expect(page.getByText(RUNNING)).toHaveCount(0);
  await expectDownloaded(page, page.getByRole("main").getByRole("link", { name: "Export CSV" }), /^cardhub-statements-.*\.csv$/, statement);
});
