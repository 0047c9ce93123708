import { expect, test } from "./fixtures/test";
import { DEMO_PASSWORD, ROLE_USERS, storageStateFor, type DemoRole } from "./fixtures/roles";
import { SignInPage } from "./pages/sign-in-page";
import { returnToTab } from "./pages/tab-return";
import { sectionRefusals } from "./fixtures/reveal-db";

for (const role of Object.keys(ROLE_USERS) as DemoRole[]) {
  test.describe(`${role} navigation`, () => {
    test.use({ storageState: storageStateFor(role) });

    test(`shows exactly the ${role}'s sections`, async ({ page }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText([...ROLE_USERS[role].nav]);
      await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();
    });
  });
}

test.describe("sign-in", () => {
  test("a wrong password shows a generic error and stays on sign-in", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn("finance@demo.test", "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    // Cardhub sends no mail: the way back in is an administrator's new sign-in link, and the page says so.
    await expect(page.getByText("Forgot your password or lost your authenticator? Ask an administrator")).toBeVisible();
  });

  test("a failed sign-in moves focus to its problem: the first field with one, else the message; the button keeps focus while it works", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    // Nothing typed: the problem is the email field's, which takes focus and is described by it.
    await page.getByRole("button", { name: "Sign in" }).click();
    const email = page.getByLabel("Email");
    await expect(email).toBeFocused();
    await expect(email).toHaveAccessibleDescription(/Enter your email/);
    // A wrong password: the message is no field's, and takes focus. While the answer is awaited the button keeps focus
    // (a disabled button drops it to <body>).
    await email.fill("nobody-focus@demo.test");
    await page.getByLabel("Password").fill("not-the-password");
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route("**/sign-in", async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    const button = page.getByRole("button", { name: /^Sign(ing)? in/ });
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-disabled", "true");
    await expect(button).toBeFocused();
    await expect(button).not.toHaveAttribute("disabled");
    answer();
    await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeFocused();
    await page.unrouteAll();
  });

  test("an unknown email shows the same error", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn("nobody@demo.test", DEMO_PASSWORD);
    await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();
  });

  test("a signed-out visitor is sent to sign-in", async ({ page }) => {
    await page.goto("/cards");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("sign-out returns to sign-in and the old session no longer works", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn("auditor@demo.test", DEMO_PASSWORD);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    const cookiesBeforeSignOut = await page.context().cookies();
    await page.getByRole("button", { name: /Account menu/ }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // Replaying the old cookie must not work: the session was revoked on the server, not just forgotten here.
    await page.context().addCookies(cookiesBeforeSignOut);
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a tab left open while someone else signs in, in another tab, is drawn again for them; after a sign-out, it asks to sign in", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn("auditor@demo.test", DEMO_PASSWORD);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // A page that re-renders itself when its data moves (the cards list): it must still be loaded again, not redrawn
    // in place for the next person with the first one's notices and typed values.
    await page.goto("/cards");
    const left = page.getByRole("button", { name: /Account menu/ });
    await expect(left).toContainText("Aude");
    await page.evaluate(() => Object.assign(window, { drawnForAude: true }));

    // Another tab of the same browser: sign out, and sign in as someone else.
    const other = await page.context().newPage();
    await other.goto("/");
    await other.getByRole("button", { name: /Account menu/ }).click();
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other).toHaveURL(/\/sign-in/);
    await new SignInPage(other).signIn("admin@demo.test", DEMO_PASSWORD);
    await expect(other.getByRole("navigation", { name: "Main" })).toBeVisible();

    // Back to the first tab: it is drawn again for the person now signed in, not left acting as them under Aude's name.
    await returnToTab(page);
    await expect(page.getByRole("button", { name: /Account menu/ })).toContainText("Ada", { timeout: 20_000 });
    expect(await page.evaluate(() => "drawnForAude" in window)).toBe(false);

    await other.getByRole("button", { name: /Account menu/ }).click();
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other).toHaveURL(/\/sign-in/);
    await returnToTab(page);
    await expect(page).toHaveURL(/\/sign-in/, { timeout: 20_000 });
  });
});

test.describe("forbidden pages", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("employee opening /settings gets the 403 page, recorded once", async ({ page }) => {
    const refusals = { email: ROLE_USERS.employee.email, section: "settings" };
    const before = await sectionRefusals(refusals);
    const response = await page.goto("/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    // The tab says so too, not just "Cardhub".
    await expect(page).toHaveTitle("No access · Cardhub");
    // The settings layout and its page both check the section; the page was opened once.
    expect(await sectionRefusals(refusals)).toBe(before + 1);
  });

  test("the bench's empty baseline page does not exist outside a server the bench starts", async ({ page }) => {
    expect((await page.goto("/bench-baseline"))?.status()).toBe(404);
    await expect(page).toHaveTitle("Page not found · Cardhub");
  });
});

test.describe("phone width", () => {
  test.use({ storageState: storageStateFor("finance"), viewport: { width: 390, height: 844 } });

  test("the menu opens from the header and navigates by keyboard", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Open menu" }).click();
    const link = page.getByRole("dialog").getByRole("link", { name: "Cards" });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/cards$/);
    await expect(page.getByRole("heading", { name: "Cards", level: 1 })).toBeVisible();
  });

  test("opening the menu moves focus into it, Tab stays in it, and Escape gives focus back to the menu button", async ({ page }) => {
    await page.goto("/cards");
    const openMenu = page.getByRole("button", { name: "Open menu" });
    await openMenu.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Menu" });
    await expect(panel).toBeVisible();
    // A screen reader hears that the "Menu" dialog opened: focus is inside it, on its first control.
    await expect(panel.getByRole("button", { name: "Close menu" })).toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.closest("#mobile-nav") !== null)).toBe(true);
    await page.keyboard.press("Tab");
    await expect(panel.getByRole("link", { name: "Overview" })).toBeFocused();
    // A modal sheet: the page behind is inert, so no Tab reaches its controls (the cards list's Filters, Issue card…).
    // Past the last control the browser's own toolbar takes focus (the page's <body> here), then the first one again.
    const controls = await panel.locator("a, button").count();
    for (let step = 0; step < controls + 2; step += 1) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement?.closest("#mobile-nav") !== null)).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(openMenu).toBeFocused();
  });
});
