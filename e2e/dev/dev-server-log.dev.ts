import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { secretsInLogs } from "../fixtures/leak-scan";
import { assignImportedCard, expireStepUp } from "../fixtures/reveal-db";
import { DEMO_PASSWORD } from "../fixtures/roles";
import { sandboxCardSecrets } from "../fixtures/sandbox";
import { SignInPage } from "../pages/sign-in-page";

/**
 * Next's development server logs server actions with their arguments unless told not to. Sign in, fail and pass a
 * step-up and reveal a card against it, then search its logs for the password and the card's number and CVV.
 */
test("the development server logs no password, card number or CVV", async ({ page }) => {
  const card = await assignImportedCard({ provider: "nobepay", ownerEmail: "employee@demo.test", alias: "Dev log check" });
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("employee@demo.test", DEMO_PASSWORD);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  await expireStepUp("employee@demo.test"); // so the password goes through the step-up action, twice
  await page.goto(`/cards/${card.id}`);
  await page.getByRole("button", { name: "Show card details" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  const wrongPassword = "dev-log-wrong-password";
  await dialog.getByLabel("Password").fill(wrongPassword);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("That password is not right.")).toBeVisible();
  await dialog.getByLabel("Password").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  const secret = (await sandboxCardSecrets()).find((entry) => entry.cardId === card.providerCardId);
  expect(secret).toBeDefined();
  await expect(page.getByRole("region", { name: "Card details" }).getByText(secret!.cvv, { exact: true })).toBeVisible();

  // A refused page (an employee has no audit log) renders without React's "script tag" console error, which the
  // development build alone reports: the theme script is rendered on the server only.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  // An invitation or reset link's path is its single-use token.
  const inviteToken = randomBytes(32).toString("base64url");
  await page.goto(`/invite/${inviteToken}`);
  const refused = await page.goto("/audit");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("main")).toBeVisible();
  expect(consoleErrors.filter((text) => /script tag/i.test(text))).toEqual([]);

  // The server writes its request lines after answering: wait until the step-up and reveal posts are in the log.
  const logDir = path.join(".data", "e2e-dev", "logs");
  await expect.poll(() => (readFileSync(path.join(logDir, "web.log"), "utf8").match(/POST \/cards\//g) ?? []).length).toBeGreaterThanOrEqual(3);
  // The invitation was asked for before /audit: once /audit's line is written, the invitation's would be too.
  await expect.poll(() => readFileSync(path.join(logDir, "web.log"), "utf8").includes("GET /audit")).toBe(true);
  expect(secretsInLogs(logDir, [secret!], [DEMO_PASSWORD, wrongPassword, inviteToken])).toEqual([]);
});
