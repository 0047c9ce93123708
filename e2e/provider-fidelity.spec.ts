import { expect, test } from "./fixtures/test";
import { uniquePrefix } from "./fixtures/cards-db";
import { claimImportedCard, nobepayHolderAddress } from "./fixtures/fidelity-db";
import { assignImportedCard } from "./fixtures/reveal-db";
import { storageStateFor } from "./fixtures/roles";
import { expectProgress } from "./pages/issue-card-page";

const prefix = uniquePrefix("Fidelity");
// The sandbox seeds this Card OPEN-API card issued but not activated (status 1, use_at "").
const INACTIVE_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";
const shared: { nobepay?: { id: string; providerCardId: string } } = {};

test.describe.configure({ mode: "serial" });

test.describe("finance", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("activates a Card OPEN-API card that is not activated yet, reading the provider's status in words", async ({ page }) => {
    const id = await claimImportedCard({ providerCardId: INACTIVE_CARD, alias: `${prefix} New hire` });
    await page.goto(`/cards/${id}`);
    const main = page.getByRole("main");
    // cardopenapi.md: "status … 1:未激活 2:已激活" — shown as words, with the provider's code kept beside them.
    await expect(main.getByText("Not activated provider code (1)", { exact: true })).toBeVisible();
    await page.screenshot({ path: ".data/e2e/screens/provider-fidelity-activate.png", fullPage: true });
    const limits = page.getByRole("region", { name: "Not offered by Card OPEN-API" });
    await expect(limits.getByText("Withdraw the balance:")).toBeVisible();
    await expect(limits.getByText("Change spending limits:")).toBeVisible();
    await expect(limits.getByText(/^Instead:/)).toHaveCount(0); // finance is not the cardholder
    // Top up is held back by the card's state, not by the provider: said so, apart from what the provider does not offer.
    await expect(page.getByRole("region", { name: "Not available now" })).toHaveText(/Top up: The card is not activated yet: activate it first\./);
    await expect(limits.getByText("Top up:")).toHaveCount(0);

    await page.getByRole("button", { name: "Activate card" }).click();
    await expectProgress(page, "The card is activated and ready to use.");
    await page.reload();
    await expect(main.getByText("Active provider code (2)", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Activate card" })).toHaveCount(0);
    await expect(main.getByText("Active", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Not available now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Top up" })).toBeVisible();
  });

  test("corrects a NobePay cardholder's address at the provider, with each problem on its field", async ({ page }) => {
    // The provider's list of US states comes with its products.
    await page.goto("/cards/products");
    await page.getByRole("button", { name: "Refresh all products" }).click();
    await expect(page.getByText("Up to date.")).toBeVisible({ timeout: 30_000 });
    shared.nobepay = await assignImportedCard({ provider: "nobepay", ownerEmail: "employee@demo.test", alias: `${prefix} Software` });
    await page.goto(`/cards/${shared.nobepay.id}`);
    const main = page.getByRole("main");
    // NobePay's "ACTIVE" is the word itself: not repeated as "Active (ACTIVE)".
    await expect(main.getByRole("term").filter({ hasText: /^Provider status$/ }).locator("xpath=following-sibling::dd[1]")).toHaveText("Active");
    await expect(page.getByRole("button", { name: "Freeze card" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Not offered by NobePay" }).getByText("Freeze and unfreeze:")).toBeVisible();

    await page.getByRole("button", { name: "Change cardholder address" }).click();
    const dialog = page.getByRole("dialog", { name: "Change the cardholder's address" });
    await dialog.getByRole("button", { name: "Save address" }).click();
    await expect(dialog.getByLabel("Street")).toHaveAccessibleDescription(/Enter the street address\./);
    await expect(dialog.getByLabel("City")).toHaveAccessibleDescription(/Enter the city\./);
    await expect(dialog.getByLabel("State")).toHaveAccessibleDescription(/Choose a state\./);
    await expect(dialog.getByLabel("ZIP code")).toHaveAccessibleDescription(/Enter a 5-digit ZIP code\./);

    await dialog.getByLabel("Street").fill("200 Peachtree St NW");
    await dialog.getByLabel("City").fill("Atlanta");
    await dialog.getByLabel("State").selectOption({ label: "Georgia" });
    await dialog.getByLabel("ZIP code").fill("30303");
    await dialog.getByRole("button", { name: "Save address" }).click();
    await expect(dialog).toHaveCount(0);
    // nobepay.md card/update: the provider's own record now carries the new address (the country stays).
    await expect.poll(() => nobepayHolderAddress(shared.nobepay!.providerCardId)).toEqual({ street: "200 Peachtree St NW", city: "Atlanta", state: "GA", zipCode: "30303", country: "US" });
  });
});

test.describe("the cardholder", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("reads what NobePay does not offer and what to do instead, and changes nothing finance does", async ({ page }) => {
    // Serial mode: this runs only after the finance tests passed, and they set the card.
    expect(shared.nobepay, "set by the finance test that assigns the NobePay card").toBeDefined();
    await page.goto(`/cards/${shared.nobepay!.id}`);
    const limits = page.getByRole("region", { name: "Not offered by NobePay" });
    await expect(limits.getByText("Freeze and unfreeze:")).toBeVisible();
    await expect(limits.getByText(/^Instead: If the card may be misused, ask finance to cancel it/)).toBeVisible();
    await expect(limits.getByText(/^Instead: The card spends only what is on it/)).toBeVisible();
    await page.screenshot({ path: ".data/e2e/screens/provider-fidelity-cardholder.png", fullPage: true });
    // At phone width the explanation stays readable and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(limits.getByText(/^Instead: If the card may be misused/)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: ".data/e2e/screens/provider-fidelity-cardholder-phone.png", fullPage: true });
    await expect(page.getByRole("button", { name: "Freeze card" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Change cardholder address" })).toHaveCount(0);
    await expect(page.getByRole("main").getByText("Active", { exact: true }).first()).toBeVisible();
  });
});
