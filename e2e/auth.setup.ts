import { expect, test as setup } from "./fixtures/test";
import { DEMO_PASSWORD, ROLE_USERS, storageStateFor, type DemoRole } from "./fixtures/roles";
import { SignInPage } from "./pages/sign-in-page";

for (const role of Object.keys(ROLE_USERS) as DemoRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(ROLE_USERS[role].email, DEMO_PASSWORD);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
