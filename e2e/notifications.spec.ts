import { expect, test } from "./fixtures/test";
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

  test("opened from the keyboard, lands on the newest notification; opened with the mouse, on the menu", async ({ page }) => {
    await withE2eClient(async (client) => {
      await client.query("delete from notifications where recipient_user_id in (select id from users where lower(email) = 'admin@demo.test')");
      for (const [title, age] of [["Older keyboard notice", "2 minutes"], ["Newest keyboard notice", "1 minute"]]) {
        await client.query(
          `insert into notifications (organization_id, recipient_user_id, event_key, kind, title, body, href, created_at)
           select organization_id, id, 'e2e-keyboard-' || gen_random_uuid(), 'request.failed', $1, 'A notice for the keyboard.', '/requests', now() - $2::interval
             from users where lower(email) = 'admin@demo.test'`,
          [title, age],
        );
      }
    });
    await page.goto("/settings");
    const bell = page.getByRole("button", { name: /^Notifications, 2 unread$/ });
    // Tab to it, as a keyboard user does (the header's links come first), then Enter.
    while (!(await bell.evaluate((element) => element === document.activeElement))) await page.keyboard.press("Tab");
    // Focus starts the menu's download; a keyboard user reaches Enter after it.
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem").filter({ hasText: "Newest keyboard notice" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(bell).toBeFocused();
    // Again from the keyboard, now through the loaded menu's own trigger.
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem").filter({ hasText: "Newest keyboard notice" })).toBeFocused();
    await page.keyboard.press("Escape");
    await page.reload();
    await page.getByRole("button", { name: /^Notifications, 2 unread$/ }).click();
    await expect(page.getByRole("menu")).toBeFocused();
    await withE2eClient((client) => client.query("delete from notifications where event_key like 'e2e-keyboard-%'"));
  });

  test("shows a long notice whole: its last words are not cut off", async ({ page }) => {
    // As finance's "the funding account is short" reads: the amounts that matter come last.
    const body =
      "New card with $9,000,000.00, for Eli Employee: The funding balance that pays is $49,153.61 (as of 2026-12-04 03:18 UTC); this card's first top-up needs $9,000,000.20 with its $0.20 fee. Top up the funding account, then retry the request.";
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
