import { expect, test } from "./fixtures/test";
import { uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";
import { claimImportedFrozenCard } from "./fixtures/provider-missing-db";
import { auditRows } from "./fixtures/reveal-db";
import { SANDBOX_URL } from "./fixtures/sandbox";

const prefix = uniquePrefix("Gone");
let card: { id: string; providerCardId: string };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  card = await claimImportedFrozenCard({ ownerEmail: "employee@demo.test", alias: `${prefix} Deleted` });
  // The provider forgets the card, as if it had been deleted on its side.
  const response = await fetch(`${SANDBOX_URL}/_sandbox/cards/cardopenapi/${card.providerCardId}`, { method: "DELETE" });
  expect(response.status).toBe(200);
});

test.describe("a card deleted from the sandbox", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("is shown as not found at the provider once Cardhub next reads it, with every action disabled and the reason", async ({ page }) => {
    await page.goto(`/cards/${card.id}`);
    // Nothing is known yet: the unfreeze goes to the provider, which answers that it does not know the card; the
    // sync that follows every finished request hears the same and marks the card.
    await page.getByRole("button", { name: "Unfreeze card" }).click();
    await expect(page.getByRole("status", { name: "Result of the last action" })).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => (await auditRows({ action: "card.missing_at_provider", targetId: card.id })).length, { timeout: 30_000 }).toBe(1);

    await page.reload();
    const heading = page.getByRole("heading", { level: 1, name: `${prefix} Deleted` });
    await expect(heading).toBeVisible();
    await expect(page.getByText("Not found at provider", { exact: true })).toBeVisible();
    const actions = page.getByRole("region", { name: "Card actions" });
    await expect(actions).toContainText("Actions disabled: The provider no longer knows this card");
    for (const name of ["Unfreeze card", "Cancel card", "Edit alias and tags", "Reassign owner"]) {
      await expect(actions.getByRole("button", { name })).toBeDisabled();
    }
    await page.screenshot({ path: "test-results/provider-missing-card-page.png", fullPage: true });

    await page.goto(`/cards?q=${encodeURIComponent(prefix)}`);
    await expect(page.getByRole("row", { name: new RegExp(`${prefix} Deleted`) }).getByText("Not found at provider")).toBeVisible();

    await page.goto("/");
    const attention = page.getByRole("region", { name: /Cards not found at their provider/ });
    await expect(attention.getByRole("link", { name: new RegExp(`^${prefix} Deleted`) })).toHaveAttribute("href", `/cards/${card.id}`);
    await page.screenshot({ path: "test-results/provider-missing-overview.png", fullPage: true });
  });
});

test.describe("its owner", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("sees it marked, and is offered neither its number nor a request to unfreeze it", async ({ page }) => {
    await page.goto(`/cards/${card.id}`);
    await expect(page.getByRole("heading", { level: 1, name: `${prefix} Deleted` })).toBeVisible();
    await expect(page.getByText("Not found at provider", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Show card details" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Request unfreeze" })).toHaveCount(0);
  });
});
