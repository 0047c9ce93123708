import { expect, test, type Page } from "./fixtures/test";
import { authenticator } from "otplib";
import { createPersonInNewOrganization } from "./fixtures/admin-db";
import { uniquePrefix } from "./fixtures/cards-db";
import { expireStepUp } from "./fixtures/reveal-db";
import { storageStateFor } from "./fixtures/roles";
import { PeopleSettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";

const prefix = uniquePrefix("TwoFactor");
const slug = prefix.toLowerCase();
// The code an authenticator app shows, computed here as the app would; `ahead` steps into the future because the code
// of the current 30-second step was already spent confirming the set-up (codes are single-use).
const totp = (secret: string, ahead = 0) => authenticator.clone({ epoch: Date.now() + ahead * 30_000, window: 0 }).generate(secret);

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

async function enroll(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByLabel("Secret key").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // Not six digits is a typing slip, told as one (and not counted as a wrong code).
  await page.getByLabel("Code from your app").fill("12ab");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByLabel("Code from your app")).toHaveAccessibleDescription(/^Enter the 6 digits your authenticator app shows\./);
  await page.getByLabel("Code from your app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText(/That code is not right/).first()).toBeVisible();
  // The refused code's field takes focus back, and its error is read as its description.
  await expect(page.getByLabel("Code from your app")).toBeFocused();
  await expect(page.getByLabel("Code from your app")).toHaveAccessibleDescription(/That code is not right/);
  await page.getByLabel("Code from your app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  // The form is gone: focus goes to the heading over the codes shown once, not to <body>.
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeFocused();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
  await page.getByRole("link", { name: /I saved them/ }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  return { secret, recoveryCodes };
}

test("a finance user enrols TOTP, then must give a code to sign in; a recovery code works once", async ({ browser }) => {
  // Two browser contexts, a password change and four sign-ins, each hashing with argon2id on the server: about 35 s
  // on an idle machine, over 60 s on a loaded one (a loaded run timed out on the last step). Its budget, not a retry.
  test.slow();
  const email = `${slug}-finance@demo.test`;
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin") });
  const people = new PeopleSettingsPage(await adminContext.newPage());
  await people.goto();
  await people.addPerson({ name: `${prefix} Finance`, email, roles: ["Finance"], initialPassword: "initial password 2" });
  await adminContext.close();

  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, "initial password 2");
  // Each failed change puts focus on the first field with a problem, which reads its error as its description.
  const current = page.getByLabel("Current password");
  await current.fill("initial password 2");
  await page.getByLabel("New password", { exact: true }).fill("finance passphrase 2");
  await page.getByLabel("New password again").fill("finance passphrase 3");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("New password again")).toBeFocused();
  await expect(page.getByLabel("New password again")).toHaveAccessibleDescription("The two passwords are not the same.");
  await page.getByLabel("New password again").fill("finance passphrase 2");
  await current.fill("not the initial password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(current).toBeFocused();
  await expect(current).toHaveAccessibleDescription(/not right/);
  await current.fill("initial password 2");
  await page.getByRole("button", { name: "Change password" }).click();
  // The change is said where focus is, with what it did to the person's other sessions, before they go on.
  const changed = page.getByRole("status").filter({ hasText: "Your password is changed." });
  await expect(changed).toBeFocused();
  await expect(changed).toContainText("signed out");
  expect(page.url()).not.toContain("notice");
  await page.getByRole("link", { name: "Continue to Cardhub" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("link", { name: "Two-factor sign-in" }).click();
  const { secret, recoveryCodes } = await enroll(page);
  await signOut(page);

  // Password alone is no longer enough.
  await signIn.signIn(email, "finance passphrase 2");
  const code = page.getByLabel("Authentication code");
  await expect(code).toBeVisible();
  // No code, then a wrong one: each is said on the field, which takes focus back from the button.
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(code).toBeFocused();
  await expect(code).toHaveAccessibleDescription(/Enter the 6-digit code/);
  await code.fill("123456");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByText(/That code is not right, or was already used/)).toBeVisible();
  await expect(code).toBeFocused();
  await expect(code).toHaveAccessibleDescription(/That code is not right, or was already used/);
  await page.getByLabel("Authentication code").fill(totp(secret, 1));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await signOut(page);

  // A recovery code instead of the app, once.
  for (const expected of ["signed in", "refused"] as const) {
    await signIn.signIn(email, "finance passphrase 2");
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    if (expected === "signed in") {
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await signOut(page);
    } else {
      await expect(page.getByText("That recovery code is not right, or was already used.")).toBeVisible();
    }
  }
  await context.close();
});

test("a person whose role requires two-factor is sent to enrol right after signing in, and can do nothing else first", async ({ browser }) => {
  const email = `${slug}-required@demo.test`;
  await createPersonInNewOrganization({ email, name: `${prefix} Required`, password: "required passphrase", roles: ["admin"] });
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, "required passphrase");
  await expect(page).toHaveURL(/\/account\/two-factor/);
  await expect(page.getByText("Your role requires two-factor sign-in.")).toBeVisible();
  await page.goto("/settings/people");
  await expect(page).toHaveURL(/\/account\/two-factor/);
  // Nor do the download and status routes answer before the step is done.
  for (const path of ["/transactions/export", "/funding/statements/export", "/audit/verification", "/api/notifications", "/api/transactions/version"]) {
    expect({ path, status: (await context.request.get(path)).status() }).toEqual({ path, status: 401 });
  }
  await enroll(page);
  await page.goto("/settings/people");
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await context.close();
});

test("setting up two-factor on a session signed in a while ago asks for the password first", async ({ browser }) => {
  const email = `${slug}-stale@demo.test`;
  await createPersonInNewOrganization({ email, name: `${prefix} Stale`, password: "stale passphrase", roles: ["employee"] });
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, "stale passphrase");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  // Someone who finds this tab open later must not be able to enrol their own phone without the password.
  await expireStepUp(email);
  await page.goto("/account/two-factor");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeHidden();
  await dialog.getByLabel("Password").fill("wrong passphrase");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("That password is not right.")).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeHidden();
  await dialog.getByLabel("Password").fill("stale passphrase");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expect(page.getByLabel("Secret key")).toHaveText(/^[A-Z2-7 ]{32,}$/);
  // At phone width the key takes more than one line, broken between its groups of four, never inside one.
  await page.setViewportSize({ width: 390, height: 844 });
  const groups = await page.getByLabel("Secret key").locator("span").evaluateAll((spans) => spans.map((span) => ({ lines: span.getClientRects().length, top: Math.round(span.getBoundingClientRect().top) })));
  expect(groups).toHaveLength(8);
  expect(groups.every((group) => group.lines === 1)).toBe(true);
  expect(new Set(groups.map((group) => group.top)).size).toBeGreaterThan(1);
  await context.close();
});
