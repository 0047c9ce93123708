import { expect, test, type Page } from "./fixtures/test";
import { uniquePrefix } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor, type DemoRole } from "./fixtures/roles";
import { assignImportedCard, auditRows, expireStepUp } from "./fixtures/reveal-db";
import { sandboxCardSecrets } from "./fixtures/sandbox";
import { AuditPage } from "./pages/audit-page";

const prefix = uniquePrefix("Reveal");
let ownersCard: { id: string; providerCardId: string };
let othersCard: { id: string; providerCardId: string };

test.beforeAll(async () => {
  ownersCard = await assignImportedCard({ provider: "nobepay", ownerEmail: "employee@demo.test", alias: `${prefix} Eli` });
  othersCard = await assignImportedCard({ provider: "cardopenapi", ownerEmail: "employee2@demo.test", alias: `${prefix} Emma` });
});

function grouped(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

async function secretsOf(providerCardId: string) {
  const secret = (await sandboxCardSecrets()).find((entry) => entry.cardId === providerCardId);
  if (!secret) throw new Error("the sandbox does not know this card");
  return secret;
}

test.describe("the card's owner", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("reveals the number after a step-up, sees a countdown, and hides it", async ({ page }) => {
    const secret = await secretsOf(ownersCard.providerCardId);
    await expireStepUp("employee@demo.test");
    const actionResponses: { cacheControl: string | undefined }[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST" && response.request().headers()["next-action"]) {
        actionResponses.push({ cacheControl: response.headers()["cache-control"] });
      }
    });
    // Each reveal counts against the person's limit (5 in 10 minutes, shared with the other specs): this test makes 3.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.clock.install();
    await page.goto(`/cards/${ownersCard.id}`);
    await page.getByRole("button", { name: "Show card details" }).click();

    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    const password = dialog.getByLabel("Password");
    // Empty: the field says so (not the browser's bubble), and keeps focus.
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(password).toBeFocused();
    await expect(password).toHaveAccessibleDescription(/Enter your password\./);
    // Wrong: focus goes back to the field, which a screen reader then reads with its error.
    await password.fill("wrong-password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog.getByText("That password is not right.")).toBeVisible();
    await expect(password).toBeFocused();
    await expect(password).toHaveAccessibleDescription(/That password is not right\./);
    await password.fill(DEMO_PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();

    const details = page.getByRole("region", { name: "Card details" });
    await expect(details.getByText(grouped(secret.cardNumber))).toBeVisible();
    // Focus lands on Hide, not on a copy button a second Enter would press.
    await expect(details.getByRole("button", { name: "Hide" })).toBeFocused();
    await expect(details.getByText(secret.cvv, { exact: true })).toBeVisible();
    await expect(details.getByRole("timer")).toHaveText(/Hiding in \d+ s/);
    await expect(details.getByRole("button", { name: "Copy card number" })).toBeVisible();
    await expect(details.getByRole("button", { name: "Copy CVV" })).toBeVisible();
    for (const response of actionResponses) expect(response.cacheControl ?? "").toContain("no-store");

    // Nothing of it anywhere but on screen.
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: location.href }));
    expect(stored).not.toContain(secret.cardNumber);

    // The end of the 30 seconds hides it, and clears a CVV copied from it off the clipboard.
    await details.getByRole("button", { name: "Copy CVV" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret.cvv);
    await page.clock.fastForward(31_000);
    await expect(details).toBeHidden();
    await expect(page.getByText(grouped(secret.cardNumber))).toBeHidden();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("");

    // Within five minutes of the step-up there is no second question; "Hide" and a hidden tab wipe it, and "Hide"
    // takes a number copied from the dialog off the clipboard.
    await page.getByRole("button", { name: "Show card details" }).click();
    await expect(details.getByText(grouped(secret.cardNumber))).toBeVisible();
    await details.getByRole("button", { name: "Copy card number" }).click();
    // Read out (a status, not the silent timer).
    await expect(details.getByRole("status")).toContainText("Card number copied; Hide clears it from your clipboard.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret.cardNumber);
    await details.getByRole("button", { name: "Hide" }).click();
    await expect(details).toBeHidden();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("");

    await page.getByRole("button", { name: "Show card details" }).click();
    await expect(details).toBeVisible();
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await expect(details).toBeHidden();

    const reveals = await auditRows({ action: "card.revealed", targetId: ownersCard.id });
    expect(reveals.length).toBeGreaterThanOrEqual(3);
    expect(reveals[0]).toMatchObject({ actor_email: "employee@demo.test", outcome: "success" });
    expect(JSON.stringify(reveals)).not.toContain(secret.cardNumber);
  });

  test("is told after 5 s that the provider is slow, and a reveal whose answer never comes back says so and can be tried again", async ({ page }) => {
    await page.clock.install();
    await page.goto(`/cards/${ownersCard.id}`);
    // The reveal's request is held in the browser and then dropped: it never reaches Cardhub, so nothing is revealed or counted.
    let held: (() => Promise<void>) | null = null;
    await page.route(`**/cards/${ownersCard.id}`, async (route) => {
      if (route.request().method() === "POST" && route.request().headers()["next-action"]) held = () => route.abort("connectionreset");
      else await route.continue();
    });
    const button = page.getByRole("button", { name: /Show card details|Fetching…/ });
    await button.click();
    await expect(button).toHaveText(/Fetching…/);
    await expect.poll(() => held !== null).toBe(true);
    await expect(page.getByText("Still waiting for the provider to answer…")).toBeHidden();
    await page.clock.runFor(5_100);
    await expect(page.getByRole("status").filter({ hasText: "Still waiting for the provider to answer…" })).toBeVisible();
    await held!();
    await expect(page.getByText("Cardhub could not be reached. Check your connection and try again.")).toBeVisible();
    await expect(page.getByText("Still waiting for the provider to answer…")).toBeHidden();
    await expect(button).toHaveText(/Show card details/);
    await expect(button).not.toHaveAttribute("aria-disabled", "true");
  });
});

for (const role of ["manager", "auditor", "admin", "finance"] as DemoRole[]) {
  test.describe(`${role}`, () => {
    test.use({ storageState: storageStateFor(role) });

    test(`sees the employee's card but is never offered its number`, async ({ page }) => {
      await page.goto(`/cards/${ownersCard.id}`);
      await expect(page.getByRole("heading", { level: 1, name: `${prefix} Eli` })).toBeVisible();
      await expect(page.getByRole("button", { name: "Show card details" })).toHaveCount(0);
    });
  });
}

test.describe("a forged reveal", () => {
  test.use({ storageState: storageStateFor("employee2") });

  test("for another user's card is refused on the server and audited", async ({ page }) => {
    await page.goto(`/cards/${othersCard.id}`);
    await rewriteActionBodies(page, othersCard.id, ownersCard.id);
    await page.getByRole("button", { name: "Show card details" }).click();
    const stepUp = page.getByRole("dialog", { name: "Confirm it's you" });
    if (await stepUp.isVisible().catch(() => false)) {
      await stepUp.getByLabel("Password").fill(DEMO_PASSWORD);
      await stepUp.getByRole("button", { name: "Confirm" }).click();
    }
    await expect(page.getByRole("alert").filter({ hasText: "Only the card's owner can see its number." })).toBeVisible();
    await expect(page.getByRole("region", { name: "Card details" })).toHaveCount(0);
    const denials = await auditRows({ action: "card.reveal_denied", targetId: ownersCard.id });
    expect(denials.some((row) => row.actor_email === "employee2@demo.test" && row.summary.reason === "not_permitted")).toBe(true);
  });
});

/** What a tampering user could do with the browser's developer tools: change the card id in the request. */
async function rewriteActionBodies(page: Page, from: string, to: string): Promise<void> {
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"] && request.postData()?.includes(from)) {
      await route.continue({ postData: request.postData()!.replaceAll(from, to) });
      return;
    }
    await route.continue();
  });
}

test.describe("the auditor", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("sees the reveal the owner made, with the right actor and card, and no way to change anything", async ({ page }) => {
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ action: "card.revealed", targetType: "card", targetId: ownersCard.id });
    const rows = audit.rows();
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) {
      await expect(audit.sentence(row)).toHaveText(`Eli Employee revealed the number of ${prefix} Eli.`);
      await expect(audit.sentence(row).getByRole("link", { name: "Eli Employee" })).toHaveAttribute("title", "employee@demo.test");
    }
    await rows.first().getByRole("link").first().click();
    await expect(page.getByRole("term").filter({ hasText: /^Target id$/ }).locator("xpath=following-sibling::dd[1]")).toContainText(ownersCard.id);

    await page.goto(`/cards/${ownersCard.id}`);
    await expect(page.getByRole("heading", { level: 1, name: `${prefix} Eli` })).toBeVisible();
    for (const name of ["Show card details", "Freeze card", "Unfreeze card", "Top up", "Withdraw", "Cancel card", "Reassign owner", "Edit alias and tags"]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
  });
});
