import { expect, test, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor } from "./fixtures/roles";
import { assignImportedCard, expireStepUp } from "./fixtures/reveal-db";
import { AuditPage } from "./pages/audit-page";
import { expectProgress } from "./pages/issue-card-page";

const prefix = uniquePrefix("Page");
let card: { id: string };
let revealCard: { id: string };

test.beforeAll(async () => {
  card = await assignImportedCard({ provider: "cardopenapi", ownerEmail: "employee@demo.test", alias: `${prefix} Actions` });
  revealCard = await assignImportedCard({ provider: "cardopenapi", ownerEmail: "employee@demo.test", alias: `${prefix} Reveal` });
});

function resultRegion(page: Page) {
  return page.getByRole("status", { name: "Result of the last action" });
}

test.describe.configure({ mode: "serial" });

test.describe("finance on the card page", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("a card whose issuance failed lists nothing its provider does not offer: it takes no change at all", async ({ page }) => {
    const ids = await insertCards([{ alias: `${prefix} Never issued`, owner: null, team: null, provider: "cardepass", cardModel: "standard", status: "failed", balance: null }]);
    await page.goto(`/cards/${ids.get(`${prefix} Never issued`)}`);
    await expect(page.getByRole("heading", { level: 1, name: `${prefix} Never issued` })).toBeVisible();
    await expect(page.getByRole("main").getByText("Failed", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Not offered by Cardepass" })).toHaveCount(0);
    await expect(page.getByText("Change spending limits:")).toHaveCount(0);
  });

  test("returns focus to the button that opened a dialog, also the first time a dialog's code loads", async ({ page }) => {
    await page.goto(`/cards/${card.id}`);
    const topUp = page.getByRole("button", { name: "Top up" });
    for (const close of ["Escape", "Close"]) {
      await topUp.click();
      const dialog = page.getByRole("dialog", { name: "Top up card" });
      await expect(dialog.getByLabel("Amount")).toBeFocused();
      if (close === "Escape") await page.keyboard.press("Escape");
      else await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
      await expect(dialog).toBeHidden();
      await expect(topUp).toBeFocused();
    }

    // Loaded on first use: its button is replaced by the dialog's own trigger, which focus returns to.
    const reassign = page.getByRole("button", { name: "Reassign owner" });
    await reassign.click();
    const dialog = page.getByRole("dialog", { name: "Reassign owner" });
    await expect(dialog.getByRole("combobox", { name: "Owner" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(reassign).toBeFocused();
  });

  test("keeps one current message: each action replaces the last, none piles up or outlives the card's state", async ({ page }) => {
    await page.goto(`/cards/${card.id}`);
    await page.getByRole("button", { name: "Freeze card" }).click();
    const confirm = page.getByRole("alertdialog", { name: /^Freeze / });
    await expect(confirm).toContainText("You can unfreeze it from this page at any time.");
    await confirm.getByRole("button", { name: "Freeze card" }).click();
    await expectProgress(page, "The card is frozen.");
    // The button it was on is gone (Freeze became Unfreeze): focus is on the message, not lost to the page.
    await expect(resultRegion(page)).toBeFocused();
    await expect(page.getByRole("button", { name: "Unfreeze card" })).toBeEnabled();
    await page.getByRole("button", { name: "Unfreeze card" }).click();
    await expectProgress(page, "The card is active again.");
    await expect(resultRegion(page)).not.toContainText("frozen");

    await page.getByRole("button", { name: "Top up" }).click();
    await page.getByRole("dialog").getByLabel("Amount").fill("1");
    await page.getByRole("dialog").getByRole("button", { name: "Top up card" }).click();
    await expectProgress(page, "The top-up has gone through.");
    await expect(resultRegion(page)).not.toContainText("active again");

    await page.getByRole("button", { name: "Cancel card" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, cancel card" }).click();
    await expectProgress(page, "The card has been cancelled.");
    await expect(resultRegion(page).getByRole("button", { name: "Dismiss" })).toHaveCount(1);
    await expect(resultRegion(page)).not.toContainText(/frozen|top-up/);
  });

  test("writes the card's history as sentences with money, naming the people and linking the card", async ({ page }) => {
    await page.goto(`/cards/${card.id}`);
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByRole("cell").filter({ hasText: new RegExp(`^Fiona Finance topped up ${prefix} Actions with \\$1\\.00(, fee \\$\\d+\\.\\d\\d)?\\.$`) })).toHaveCount(1);
    await expect(history.getByRole("cell").filter({ hasText: `Fiona Finance froze ${prefix} Actions.` })).toHaveCount(1);
    await expect(history.getByRole("cell").filter({ hasText: `Fiona Finance cancelled ${prefix} Actions` })).toHaveCount(1);
    await expect(history.getByRole("link", { name: `${prefix} Actions` }).first()).toHaveAttribute("href", `/cards/${card.id}`);
    await expect(history).not.toContainText(/orderId|amount: \d|type: /);
  });
});

test.describe("the owner revealing the number", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("the details open over the page without moving it, Escape wipes them, and the panels keep their own height", async ({ page }) => {
    await expireStepUp("employee@demo.test");
    await page.goto(`/cards/${revealCard.id}`);
    const title = page.getByRole("heading", { name: `${prefix} Reveal`, level: 1 });
    const panels = page.locator('[data-slot="card"]');
    const before = { title: await title.boundingBox(), panel: await panels.first().boundingBox() };
    await page.getByRole("button", { name: "Show card details" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await dialog.getByLabel("Password").fill(DEMO_PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const details = page.getByRole("region", { name: "Card details" });
    await expect(details).toBeVisible();
    expect(await title.boundingBox()).toEqual(before.title);
    expect(await panels.first().boundingBox()).toEqual(before.panel);
    await details.getByRole("button", { name: "Hide" }).click();
    await expect(details).toBeHidden();
    expect(await title.boundingBox()).toEqual(before.title);
    const show = page.getByRole("button", { name: "Show card details" });
    await expect(show).toBeFocused();

    await show.click();
    await expect(details).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(details).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Card details" })).toHaveCount(0);
    await expect(show).toBeFocused();

    // Balance, Owner and Provider: each as tall as its content, not stretched to the tallest.
    const heights = await panels.evaluateAll((elements) => elements.slice(0, 3).map((element) => element.getBoundingClientRect().height));
    expect(Math.min(...heights)).toBeLessThan(Math.max(...heights));
  });
});

test.describe("auditor following an event", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("the audit log names the card by alias with a link, formats money, and 'Back' keeps the filter", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ targetType: "card", targetId: card.id });
    const topUp = audit.rows().filter({ hasText: "topped up" }).first();
    await expect(audit.sentence(topUp)).toHaveText(new RegExp(`^Fiona Finance topped up ${prefix} Actions with \\$1\\.00(, fee \\$\\d+\\.\\d\\d)?\\.$`));
    await expect(topUp.getByRole("cell").nth(3).getByRole("link", { name: `${prefix} Actions` })).toHaveAttribute("href", `/cards/${card.id}`);
    const filtered = page.url();
    await topUp.getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /^Audit event \d+$/, level: 1 })).toBeVisible();
    await expect(page.getByRole("main")).toContainText(`Fiona Finance topped up ${prefix} Actions with $1.00`);
    await page.getByRole("link", { name: "Back to the audit log" }).click();
    await expect(page).toHaveURL(filtered);
    await expect(audit.filters.getByLabel("Target type")).toHaveValue("card");
  });

  test("the event filter offers readable grouped names, only for events that can happen, and the target type is a choice", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    const event = audit.filters.getByLabel("Event");
    const groups = await event.locator("optgroup").evaluateAll((elements) => elements.map((element) => element.getAttribute("label")));
    expect(groups).toEqual(expect.arrayContaining(["Cards", "Provider requests", "Sign-in and access", "Audit log"]));
    await expect(event.getByRole("option", { name: "Card frozen" })).toHaveCount(1);
    // Readable names only: no raw event code is shown.
    expect((await event.locator("option").allInnerTexts()).filter((text) => /^[a-z_]+\.[a-z_]+$/.test(text.trim()))).toEqual([]);
    // Every event of a feature that exists is offered (card requests and settings have landed).
    await expect(event.locator('option[value="request.approved"]')).toHaveCount(1);
    await expect(event.locator('option[value="settings.updated"]')).toHaveCount(1);
    await expect(audit.filters.getByLabel("Target type").getByRole("option")).toHaveText([
      "Any target",
      "Card",
      "Provider request",
      "Person",
      "Provider account",
      "Product",
      "Card request",
      "Team",
      "Transaction",
      "Transactions (exports)",
      "Session",
      "Approval thresholds",
      "Settings",
      "Encryption key",
      "Audit log",
      "Audit chain verification",
    ]);
  });
});
