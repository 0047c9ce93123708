import { expect, test } from "@playwright/test";
import { withE2eClient } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";

test.describe("the notifications bell of someone who files no requests", () => {
  // An administrator approves and files nothing: the empty bell must not promise news of their requests.
  test.use({ storageState: storageStateFor("admin") });

  test("says plainly that nothing is there yet", async ({ page }) => {
    await withE2eClient((client) =>
      client.query("delete from notifications where recipient_user_id in (select id from users where lower(email) = 'admin@demo.test')"),
    );
    await page.goto("/settings");
    await page.getByRole("button", { name: "Notifications", exact: true }).click();
    const menu = page.getByRole("menu");
    await expect(menu).toContainText("Nothing yet. What needs your attention appears here.");
    await expect(menu).not.toContainText("your requests");
  });

  test("shows a long notice whole: its last words are not cut off", async ({ page }) => {
    // As finance's "the funding account is short" reads: the amounts that matter come last.
    const body =
      "New card with $9,000,000.00, for Eli Employee: The funding balance that pays is $49,153.61 (as of 2026-12-04 03:18 UTC); this card's first load needs $9,000,000.20 with its $0.20 fee. Top up the funding account, then retry the request.";
    await withE2eClient((client) =>
      client.query(
        `insert into notifications (organization_id, recipient_user_id, event_key, kind, title, body, href)
         select organization_id, id, 'e2e-long-notice-' || gen_random_uuid(), 'request.failed', 'A request failed: the funding account is short', $1, '/requests'
           from users where lower(email) = 'admin@demo.test'`,
        [body],
      ),
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/settings");
    await page.getByRole("button", { name: /^Notifications, 1 unread$/ }).click();
    const text = page.getByRole("menu").getByText(body, { exact: true });
    await expect(text).toBeVisible();
    expect(await text.evaluate((element) => element.scrollHeight <= element.clientHeight + 1)).toBe(true);
  });
});
