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
});
