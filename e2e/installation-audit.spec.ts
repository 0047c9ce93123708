import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures/test";
import { withE2eClient } from "./fixtures/cards-db";
import { DEMO_PASSWORD, ROLE_USERS, storageStateFor } from "./fixtures/roles";
import { SignInPage } from "./pages/sign-in-page";

/** As the database owner would with `npm run operators` (the app's own role cannot write this table). */
async function setOperator(email: string, operator: boolean): Promise<void> {
  await withE2eClient(async (client) => {
    if (operator) {
      await client.query("insert into system_operators (user_id, granted_by) select id, 'e2e' from users where email = $1 on conflict do nothing", [email]);
    } else {
      await client.query("delete from system_operators where user_id = (select id from users where email = $1)", [email]);
    }
  });
}

test.describe("audit rows of no organisation", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("are hidden from the organisation and shown on /audit/installation to installation operators only", async ({ page, browser }) => {
    const ghost = `ghost-${randomBytes(4).toString("hex")}@nowhere.test`;
    const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const signIn = new SignInPage(await stranger.newPage());
    await signIn.goto();
    await signIn.signIn(ghost, DEMO_PASSWORD);
    // By its text: Next's route announcer is an alert too, once the page has hydrated (as in e2e/shell.spec.ts).
    await expect((await stranger.pages())[0]!.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();
    await stranger.close();

    expect((await page.request.get("/audit/installation")).status()).toBe(403);
    await page.goto(`/audit?actor=${encodeURIComponent(ghost)}`);
    await expect(page.getByText("No events match these filters")).toBeVisible();
    await expect(page.getByRole("link", { name: "Installation events" })).toHaveCount(0);

    await setOperator(ROLE_USERS.admin.email, true);
    try {
      await page.goto("/audit");
      await page.getByRole("link", { name: "Installation events" }).click();
      await expect(page.getByRole("heading", { name: "Installation audit", level: 1 })).toBeVisible();
      const row = page.getByRole("row").filter({ hasText: ghost });
      await expect(row).toHaveCount(1);
      await row.getByRole("link").first().click();
      await expect(page.getByRole("heading", { name: /^Audit event \d+$/, level: 1 })).toBeVisible();
      await expect(page.getByRole("definition").filter({ hasText: ghost })).toHaveCount(1);
      await page.getByRole("link", { name: "Back to the audit log" }).click();
      await expect(page).toHaveURL(/\/audit\/installation$/);
    } finally {
      await setOperator(ROLE_USERS.admin.email, false);
    }
    expect((await page.request.get("/audit/installation")).status()).toBe(403);
  });
});
