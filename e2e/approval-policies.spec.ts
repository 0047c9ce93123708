import { expect, test } from "./fixtures/test";
import { withE2eClient } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor } from "./fixtures/roles";
import { expireStepUp } from "./fixtures/reveal-db";
import { confirmItsYouIfAsked, stepUpDialog } from "./pages/step-up";

// Settings → Approval policy, as an administrator works it: SEK, which no other spec uses (the demo's USD thresholds
// route the other specs' requests and are left as they are).
test.use({ storageState: storageStateFor("admin") });

test.beforeEach(async () => {
  await withE2eClient((client) => client.query("delete from approval_policies where currency = 'SEK'"));
});

test("adding never replaces a threshold in force; a row's save keeps focus and says so; a removal says what it removed", async ({ page }) => {
  await page.goto("/settings");
  const add = page.getByRole("form", { name: "Add an approval threshold" });
  await add.getByLabel("Request kind").selectOption({ label: "Top-up" });
  await add.getByLabel("Currency").fill("SEK");
  await add.getByLabel("Threshold").fill("5000");
  await add.getByRole("button", { name: "Add approval threshold" }).click();
  const row = page.getByRole("form", { name: "Top-up threshold in SEK" });
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, row);
  const field = page.getByLabel("Finance approves top-up requests from (SEK)");
  await expect(field).toHaveValue("5000.00");
  // Said beside the form, where focus stays, with the amount as money (the field holds the plain decimal one types).
  await expect(add.getByRole("status")).toHaveText("Added: finance approves top-up requests in SEK from SEK 5,000.00, after the manager.");
  await expect(add.getByRole("button", { name: "Add approval threshold" })).toBeFocused();

  // The same kind and currency again is refused on the currency field, before anything is sent, and nothing changes.
  await add.getByLabel("Currency").fill("sek");
  await add.getByLabel("Threshold").fill("5");
  await add.getByRole("button", { name: "Add approval threshold" }).click();
  await expect(add.getByLabel("Currency")).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByLabel("Currency")).toHaveAccessibleDescription("Top-up requests in SEK already have a threshold (SEK 5,000.00): change it in its row above.");
  await expect(add.getByLabel("Currency")).toBeFocused();
  await page.reload();
  await expect(field).toHaveValue("5000.00");

  // Changed on its row, from the keyboard: focus stays on Save, the row says it saved and shows the stored amount.
  await field.fill("7500");
  await field.press("Tab");
  const save = row.getByRole("button", { name: "Save" });
  await expect(save).toBeFocused();
  await page.keyboard.press("Enter");
  const saved = row.getByRole("status").filter({ hasText: "Saved" });
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, saved);
  await expect(field).toHaveValue("7500.00");
  await expect(save).toBeFocused();
  await expect(save).toHaveAttribute("aria-disabled", "true");
  const { rows } = await withE2eClient((client) => client.query<{ threshold: string }>("select threshold::text from approval_policies where currency = 'SEK'"));
  expect(rows.map((stored) => stored.threshold)).toEqual(["750000"]);

  // A refused save is said under the field and Save, wrapped within their width: Save stays beside the field.
  const saveOffset = async () => (await save.boundingBox())!.x - (await field.boundingBox())!.x;
  const besideField = await saveOffset();
  await field.fill("7500 kronor");
  await save.click();
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, row.getByText(/^Enter /));
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/^Enter .+/);
  expect(await saveOffset()).toBe(besideField);
  await page.screenshot({ path: ".data/e2e/screens/approval-row-refused.png", fullPage: true });
  await page.reload();
  await expect(field).toHaveValue("7500.00");

  // Removed: the row and its Remove button are gone, and focus moves to what says so rather than to the page.
  await page.getByRole("button", { name: "Remove the top-up threshold in SEK" }).click();
  await page.getByRole("dialog", { name: "Remove the top-up threshold in SEK?" }).getByRole("button", { name: "Remove threshold" }).click();
  const notice = page.getByRole("status").filter({ hasText: "Removed the top-up threshold in SEK" });
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, notice);
  await expect(row).toHaveCount(0);
  await expect(notice).toBeFocused();
});

test("the two add buttons are told apart by name; after confirming it's them, focus is back on the button that asked", async ({ page }) => {
  await page.goto("/settings");
  // Low-balance alerts and the approval policy each add a threshold: a list of the page's buttons names which.
  await expect(page.getByRole("button", { name: "Add low-balance threshold" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Add approval threshold" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Add threshold", exact: true })).toHaveCount(0);

  const add = page.getByRole("form", { name: "Add an approval threshold" });
  await add.getByLabel("Request kind").selectOption({ label: "New card" });
  await add.getByLabel("Currency").fill("SEK");
  // Written as on a statement, it is refused with what to type instead (before anything is sent).
  await add.getByLabel("Threshold").fill("1,500");
  const button = add.getByRole("button", { name: "Add approval threshold" });
  await button.click();
  await expect(add.getByLabel("Threshold")).toHaveAccessibleDescription("Leave out the thousands separators: 1500.");

  // The session's last confirmation is more than 5 minutes old: the addition asks first.
  await expireStepUp("admin@demo.test");
  await add.getByLabel("Threshold").fill("1500");
  await button.focus();
  await page.keyboard.press("Enter");
  const stepUp = stepUpDialog(page);
  await expect(stepUp.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(stepUp).toBeHidden();
  await expect(add.getByRole("status")).toHaveText("Added: finance approves new card requests in SEK from SEK 1,500.00, after the manager.");
  // Not the page's <body>: the keyboard carries on from where it was.
  await expect(button).toBeFocused();
});

test("a refused submit takes focus to the first field with a problem and counts the problems, whether the browser or the server refused it", async ({ page }) => {
  await page.goto("/settings");
  const add = page.getByRole("form", { name: "Add an approval threshold" });
  const button = add.getByRole("button", { name: "Add approval threshold" });
  const currency = add.getByLabel("Currency");
  const threshold = add.getByLabel("Threshold");
  const summary = add.getByRole("alert");

  // Empty (the kind has its first value): refused before sending, from the first field with a problem on.
  await button.click();
  await expect(currency).toBeFocused();
  await expect(currency).toHaveAttribute("aria-invalid", "true");
  await expect(threshold).toHaveAttribute("aria-invalid", "true");
  await expect(summary).toHaveText("2 fields need attention.");

  // Only the amount is wrong: focus goes to it, not to the currency.
  await currency.fill("SEK");
  await threshold.fill("1,500");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(threshold).toBeFocused();
  await expect(threshold).toHaveAccessibleDescription("Leave out the thousands separators: 1500.");
  await expect(summary).toHaveText("1 field needs attention.");

  await currency.fill("EU");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(currency).toBeFocused();
  await expect(currency).toHaveAccessibleDescription("Enter a three-letter currency code such as USD.");
  await expect(summary).toHaveText("2 fields need attention.");

  // Refused by the server (yen have no decimals, which the form does not know): the same, focus and count alike.
  await currency.fill("JPY");
  await threshold.fill("1000.50");
  await button.focus();
  await page.keyboard.press("Enter");
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, add.getByText("JPY amounts have no decimals."));
  await expect(threshold).toBeFocused();
  await expect(threshold).toHaveAccessibleDescription("JPY amounts have no decimals.");
  await expect(summary).toHaveText("1 field needs attention.");

  // A row's Save the server refuses: focus goes to the row's field, which then reads the problem, not left on Save.
  await threshold.fill("5000");
  await currency.fill("SEK");
  await add.getByLabel("Request kind").selectOption({ label: "Top-up" });
  await button.click();
  const row = page.getByRole("form", { name: "Top-up threshold in SEK" });
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, row);
  await expect(summary).toHaveCount(0);
  const field = row.getByLabel("Finance approves top-up requests from (SEK)");
  await field.fill("abc");
  await field.press("Tab");
  await expect(row.getByRole("button", { name: "Save" })).toBeFocused();
  await page.keyboard.press("Enter");
  const refusal = "Enter an amount such as 1000 or 1000.00, without a currency sign.";
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, row.getByText(refusal));
  await expect(field).toBeFocused();
  await expect(field).toHaveAccessibleDescription(refusal);
  const { rows } = await withE2eClient((client) => client.query<{ threshold: string }>("select threshold::text from approval_policies where currency = 'SEK'"));
  expect(rows.map((stored) => stored.threshold)).toEqual(["500000"]);
});
