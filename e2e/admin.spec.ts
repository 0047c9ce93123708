import { expect, test } from "./fixtures/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor } from "./fixtures/roles";
import { expireStepUp } from "./fixtures/reveal-db";
import { SANDBOX_URL } from "./fixtures/sandbox";
import { PeopleSettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { confirmItsYouIfAsked } from "./pages/step-up";

const prefix = uniquePrefix("Admin");
const slug = prefix.toLowerCase();

test.use({ storageState: storageStateFor("admin") });

test("the admin connects a new sandbox account, the same account twice and a wrong secret get clear errors, and the connection test passes", async ({ page }) => {
  await page.goto("/settings/accounts");
  await page.getByRole("button", { name: "Add account" }).click();
  const dialog = page.getByRole("dialog", { name: "Add provider account" });
  // Sent empty, every problem is on its field and focus goes to the first of them, not left on the button.
  await dialog.getByRole("button", { name: "Connect account" }).click();
  await expect(dialog.getByLabel("Label")).toBeFocused();
  await expect(dialog.getByLabel("Label")).toHaveAttribute("aria-invalid", "true");
  // Counted, as the other settings dialogs count what they found before sending.
  await expect(dialog.getByRole("alert")).toContainText(/\d+ fields need attention\./);
  // Another provider asks other credentials: the problems found with the last one's go.
  await dialog.getByLabel("Provider").selectOption({ label: "NobePay" });
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await expect(dialog.getByLabel("Label")).not.toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Label").fill(`${prefix} NobePay`);
  await dialog.getByLabel("Host").selectOption(`${SANDBOX_URL}/nobepay`);
  await expect(dialog.getByLabel("Base URL")).toHaveValue(/\/nobepay$/);
  await dialog.getByLabel("App key").fill("sandbox-key");
  await dialog.getByLabel("App secret").fill("sandbox-secret");
  // The seeded "NobePay sandbox" reads this very account: a second one would import its cards and transactions twice.
  await dialog.getByRole("button", { name: "Connect account" }).click();
  await expect(dialog.getByLabel("App key")).toHaveAccessibleDescription(/already connected as "NobePay sandbox"/);

  // The sandbox under its other host name is another API as far as Cardhub can tell (test/sandbox-alias.ts).
  await dialog.getByLabel("Base URL").fill(`${SANDBOX_URL.replace("127.0.0.1", "localhost")}/nobepay`);
  await dialog.getByLabel("App secret").fill("not-the-secret");
  await dialog.getByRole("button", { name: "Connect account" }).click();
  await expect(dialog.getByRole("alert")).toContainText("The provider refused these credentials");
  await expect(dialog.getByLabel("App secret")).toHaveAccessibleDescription(/provider refused the credentials/);
  await expect(dialog.getByRole("alert")).not.toContainText("not-the-secret");
  // A try refused before it is sent drops the provider's answer to the last one, which is not about this try.
  await dialog.getByLabel("App key").fill("");
  await dialog.getByRole("button", { name: "Connect account" }).click();
  await expect(dialog.getByLabel("App key")).toHaveAccessibleDescription(/Enter the app key\./);
  await expect(dialog.getByRole("alert")).not.toContainText("The provider refused these credentials");
  await dialog.getByLabel("App key").fill("sandbox-key");

  await dialog.getByLabel("App secret").fill("sandbox-secret");
  await dialog.getByRole("button", { name: "Connect account" }).click();
  await expect(dialog).toBeHidden();

  const account = page.getByRole("list", { name: "Provider accounts" }).getByRole("listitem", { name: `${prefix} NobePay` });
  await expect(account).toContainText("Set (hidden)");
  await expect(account.getByRole("textbox", { name: "Webhook URL to register with the provider", exact: true })).toHaveValue(/\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{20,}$/);
  await expect(page.locator("body")).not.toContainText("sandbox-secret");
  await account.getByRole("button", { name: /Test connection/ }).click();
  await expect(account.getByText(/^Connected\. The provider answered/)).toBeVisible();

  // The edit form never holds the secret: it only says one is set.
  await account.getByRole("button", { name: `Edit ${prefix} NobePay` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${prefix} NobePay` });
  await expect(edit.getByLabel("App secret")).toHaveValue("");
  await expect(edit.getByText("A secret is set.")).toBeVisible();
  // A cancelled edit does not come back when the dialog opens again (it would be saved with the next change).
  await edit.getByLabel("Label").fill(`${prefix} Cancelled label`);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await account.getByRole("button", { name: `Edit ${prefix} NobePay` }).click();
  await expect(edit.getByLabel("Label")).toHaveValue(`${prefix} NobePay`);
  await edit.getByRole("button", { name: "Cancel" }).click();

  // It reaches the seeded account's sandbox merchant under another host name: left on, its syncs would import the other
  // specs' cards and transactions a second time. Switched off, Cardhub stops syncing it.
  await account.getByRole("button", { name: `Disable ${prefix} NobePay` }).click();
  await page.getByRole("dialog", { name: `Disable ${prefix} NobePay?` }).getByRole("button", { name: "Disable account" }).click();
  await expect(account.getByRole("button", { name: `Enable ${prefix} NobePay` })).toBeVisible();

  // Rotating its webhook URL (this account's own, not the seeded one the sandbox posts to): the dialog showing the new
  // URL says it is rotated instead of still asking, and the list shows the same new URL once it is closed.
  const webhookUrl = account.getByRole("textbox", { name: "Webhook URL to register with the provider", exact: true });
  const oldWebhookUrl = await webhookUrl.inputValue();
  await account.getByRole("button", { name: `Rotate webhook URL of ${prefix} NobePay` }).click();
  await page.getByRole("dialog", { name: `Rotate the webhook URL of ${prefix} NobePay?` }).getByRole("button", { name: "Rotate webhook URL" }).click();
  const rotated = page.getByRole("dialog", { name: `The webhook URL of ${prefix} NobePay is rotated` });
  const newWebhookUrl = rotated.getByRole("textbox", { name: "New webhook URL", exact: true });
  await expect(newWebhookUrl).toBeFocused();
  await expect(newWebhookUrl).toHaveValue(/\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{20,}$/);
  await expect(newWebhookUrl).not.toHaveValue(oldWebhookUrl);
  await expect(rotated).toContainText("The old URL no longer works.");
  const rotatedUrl = await newWebhookUrl.inputValue();
  await expect(page.getByRole("dialog")).toHaveAccessibleName(`The webhook URL of ${prefix} NobePay is rotated`);
  await rotated.getByRole("button", { name: "Done" }).click();
  await expect(webhookUrl).toHaveValue(rotatedUrl);
});

test("the admin may read the products, but not refresh or issue", async ({ page }) => {
  await page.goto("/cards/products");
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /Refresh/ })).toHaveCount(0);
  const response = await page.goto("/cards/new");
  expect(response?.status()).toBe(403);
});

test("the admin invites a person who sets a password and signs in", async ({ page, browser }) => {
  const people = new PeopleSettingsPage(page);
  await people.goto();
  const email = `${slug}-invitee@demo.test`;
  const link = await people.addPerson({ name: `${prefix} Invitee`, email, roles: ["Employee"] });
  expect(link).toMatch(/\/invite\//);
  await expect(people.person(`${prefix} Invitee`)).toContainText("Invited");

  // A cancelled edit (a role ticked) does not come back when the dialog opens again.
  await people.person(`${prefix} Invitee`).getByRole("button", { name: `Edit ${prefix} Invitee` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${prefix} Invitee` });
  await edit.getByRole("checkbox", { name: /^Admin/ }).check();
  await edit.getByRole("button", { name: "Cancel" }).click();
  await people.person(`${prefix} Invitee`).getByRole("button", { name: `Edit ${prefix} Invitee` }).click();
  await expect(edit.getByRole("checkbox", { name: /^Admin/ })).not.toBeChecked();
  await edit.getByRole("button", { name: "Cancel" }).click();

  const context = await browser.newContext({ storageState: undefined });
  const invitee = await context.newPage();
  await invitee.goto(link!);
  await expect(invitee.getByRole("heading", { name: "Welcome to Cardhub" })).toBeVisible();
  await invitee.getByLabel("New password", { exact: true }).fill("short");
  await invitee.getByLabel("New password again").fill("different");
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(invitee.getByText("The two passwords are not the same.")).toBeVisible();
  // Focus goes to the first field with a problem, which reads its error as its description.
  await expect(invitee.getByLabel("New password", { exact: true })).toBeFocused();
  await expect(invitee.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/^Use at least 12 characters\./);
  await invitee.getByLabel("New password", { exact: true }).fill("invitee passphrase 1");
  await invitee.getByLabel("New password again").fill("invitee passphrase 1");
  await invitee.getByRole("button", { name: "Set password" }).click();
  // The form whose button had focus is gone: the confirmation takes focus (not <body>), and Tab goes on to sign in.
  const passwordSet = invitee.getByRole("status", { name: "Password set" });
  await expect(passwordSet).toBeFocused();
  await expect(passwordSet).toHaveText(`Your password is set. Sign in with ${email} and your new password.`);
  await invitee.keyboard.press("Tab");
  await expect(invitee.getByRole("link", { name: "Go to sign in" })).toBeFocused();
  await invitee.getByRole("link", { name: "Go to sign in" }).click();
  const signIn = new SignInPage(invitee);
  await signIn.signIn(email, "invitee passphrase 1");
  await expect(invitee.getByRole("navigation", { name: "Main" })).toBeVisible();
  // The link was single-use.
  await invitee.goto(link!);
  await expect(invitee.getByText(/already used/)).toBeVisible();

  // Now that they have a password, a link from "Reset password" asks for a new one; the link takes focus when shown.
  await people.goto();
  await people.person(`${prefix} Invitee`).getByRole("button", { name: "Reset password" }).click();
  await page.getByRole("dialog", { name: `Reset ${prefix} Invitee's password?` }).getByRole("button", { name: "Reset password" }).click();
  // The dialog, showing the link, says what was done, and keeps saying it once the list behind is read again (the
  // pending link then shows there as "Invited"; the dialog was retitled "New invitation link for …" from that).
  const reset = page.getByRole("dialog", { name: `${prefix} Invitee's password is reset` });
  const resetLink = reset.getByRole("textbox", { name: "Link to set a password", exact: true });
  await people.confirmItsYouIfAsked(resetLink);
  await expect(resetLink).toBeFocused();
  // (Behind the modal dialog the list is hidden from the accessibility tree: found by its text.)
  await expect(page.locator("li", { hasText: email })).toContainText("Invited");
  await expect(page.getByRole("dialog")).toHaveAccessibleName(`${prefix} Invitee's password is reset`);
  await invitee.goto(await resetLink.inputValue());
  await expect(invitee.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await context.close();
});

test("an administrator signed in more than five minutes ago confirms it's them before adding a person or making a password link", async ({ page, browser }) => {
  // Two sign-ins, a password change and four password checks, each argon2id on the server.
  test.slow();
  const people = new PeopleSettingsPage(page);
  await people.goto();
  // An administrator of their own, so that only their session is made stale, not the one the other specs share.
  const email = `${slug}-steward@demo.test`;
  const stewardName = `${prefix} Steward`;
  await people.addPerson({ name: stewardName, email, roles: ["Admin"], initialPassword: "steward initial 1" });
  const context = await browser.newContext({ storageState: undefined });
  const stewardPage = await context.newPage();
  const signIn = new SignInPage(stewardPage);
  await signIn.goto();
  await signIn.signIn(email, "steward initial 1");
  await expect(stewardPage).toHaveURL(/\/account\/password/);
  await stewardPage.getByLabel("Current password").fill("steward initial 1");
  await stewardPage.getByLabel("New password", { exact: true }).fill("steward passphrase 1");
  await stewardPage.getByLabel("New password again").fill("steward passphrase 1");
  await stewardPage.getByRole("button", { name: "Change password" }).click();
  await stewardPage.getByRole("link", { name: "Continue to Cardhub" }).click();
  await expect(stewardPage.getByRole("navigation", { name: "Main" })).toBeVisible();

  // The tab left open for a while: someone holding it must not hand out a way into an account without the password.
  await expireStepUp(email);
  const steward = new PeopleSettingsPage(stewardPage, "steward passphrase 1");
  await steward.goto();
  await stewardPage.getByRole("button", { name: "Add person" }).click();
  const add = stewardPage.getByRole("dialog", { name: "Add person" });
  const invitee = `${prefix} Asked`;
  await add.getByLabel("Name").fill(invitee);
  await add.getByLabel("Email").fill(`${slug}-asked@demo.test`);
  await add.getByRole("button", { name: "Create invitation" }).click();
  const stepUp = steward.stepUpDialog();
  await expect(stepUp).toContainText("Enter your password to add a person.");
  await expect(stepUp.getByLabel("Password")).toBeFocused();
  // Cancelled: nothing is added, no error is shown, and focus is back on the button that asked.
  await stepUp.getByRole("button", { name: "Cancel" }).click();
  await expect(stepUp).toBeHidden();
  await expect(add.getByRole("alert")).toHaveCount(0);
  await expect(add.getByRole("button", { name: "Create invitation" })).toBeFocused();

  await stewardPage.keyboard.press("Enter");
  await stepUp.getByLabel("Password").fill("not the passphrase");
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp.getByText("That password is not right.")).toBeVisible();
  await stepUp.getByLabel("Password").fill("steward passphrase 1");
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp).toBeHidden();
  // The same invitation is then created, without pressing the button again.
  const ready = stewardPage.getByRole("dialog", { name: "Invitation ready" });
  await expect(ready.getByRole("textbox", { name: "Invitation link", exact: true })).toHaveValue(/\/invite\//);
  // The link shown once takes focus: the button that had it is gone.
  await expect(ready.getByRole("textbox", { name: "Invitation link", exact: true })).toBeFocused();
  await ready.getByRole("button", { name: "Done" }).click();
  await expect(steward.person(invitee)).toContainText("Invited");
  // Said beside Add person, which has focus again.
  await expect(stewardPage.getByRole("status").filter({ hasText: `${invitee} is invited.` })).toBeVisible();
  await expect(stewardPage.getByRole("button", { name: "Add person" })).toBeFocused();

  // Another five minutes on, a new link for them asks again.
  await expireStepUp(email);
  await steward.person(invitee).getByRole("button", { name: "New invitation link" }).click();
  const newLink = stewardPage.getByRole("dialog", { name: `New invitation link for ${invitee}` });
  await newLink.getByRole("button", { name: "Create new link" }).click();
  await expect(stepUp).toContainText(`Enter your password to create a new invitation link for ${invitee}.`);
  await stepUp.getByLabel("Password").fill("steward passphrase 1");
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  const relink = newLink.getByRole("textbox", { name: "Link to set a password", exact: true });
  await expect(relink).toHaveValue(/\/invite\//);
  await expect(relink).toBeFocused();
  const relinkUrl = await relink.inputValue();
  await newLink.getByRole("button", { name: "Done" }).click();
  await context.close();
  // They never set a password: the new link still reads as their invitation, not as a password reset.
  const visitor = await browser.newContext({ storageState: undefined });
  const invitedPage = await visitor.newPage();
  await invitedPage.goto(relinkUrl);
  await expect(invitedPage.getByRole("heading", { name: "Welcome to Cardhub" })).toBeVisible();
  await visitor.close();

  // The demo organisation keeps no extra active administrator (deactivating needs no step-up).
  await people.person(stewardName).getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: `Deactivate ${stewardName}?` }).getByRole("button", { name: "Deactivate" }).click();
  // The question is answered: the dialog showing the result says what happened.
  const deactivated = page.getByRole("dialog", { name: `${stewardName} is deactivated` });
  await expect(deactivated).toContainText(`${stewardName} is deactivated and holds no open cards.`);
  await deactivated.getByRole("button", { name: "Done" }).click();
  await expect(people.person(stewardName)).toContainText("Deactivated");
});

test("a deactivated person is refused on their next request and cannot sign in again", async ({ page, browser }) => {
  // A person added with a password, a sign-in, a password change and two refused sign-ins, each argon2id on the server.
  test.slow();
  const people = new PeopleSettingsPage(page);
  await people.goto();
  const email = `${slug}-leaver@demo.test`;
  await people.addPerson({ name: `${prefix} Leaver`, email, roles: ["Employee"], initialPassword: "initial password 1" });

  const context = await browser.newContext({ storageState: undefined });
  const leaver = await context.newPage();
  const signIn = new SignInPage(leaver);
  await signIn.goto();
  await signIn.signIn(email, "initial password 1");
  // An initial password must be replaced first.
  await expect(leaver).toHaveURL(/\/account\/password/);
  await leaver.getByLabel("Current password").fill("initial password 1");
  await leaver.getByLabel("New password", { exact: true }).fill("leaver passphrase 1");
  await leaver.getByLabel("New password again").fill("leaver passphrase 1");
  await leaver.getByRole("button", { name: "Change password" }).click();
  await leaver.getByRole("link", { name: "Continue to Cardhub" }).click();
  await expect(leaver.getByRole("navigation", { name: "Main" })).toBeVisible();

  await insertCards([{ alias: `${prefix} Leaver's card`, owner: email, team: null, provider: "nobepay" }]);
  // Named for its person: a screen reader's list of the page's buttons otherwise holds one "Deactivate" per row.
  await expect(people.person(`${prefix} Leaver`).getByRole("button", { name: "Deactivate" })).toHaveAccessibleName(`Deactivate ${prefix} Leaver`);
  await people.person(`${prefix} Leaver`).getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: `Deactivate ${prefix} Leaver?` }).getByRole("button", { name: "Deactivate" }).click();
  // Titled with what happened, not the question, also once the list behind shows them deactivated; the result takes
  // the focus the Deactivate button had (not <body>), so it is read out.
  const deactivated = page.getByRole("dialog", { name: `${prefix} Leaver is deactivated` });
  await expect(deactivated.getByText(/is deactivated and still holds 1 open card/)).toBeVisible();
  await expect(deactivated.getByRole("link", { name: `${prefix} Leaver's card` })).toBeVisible();
  await expect(page.locator(":focus")).toContainText(/is deactivated and still holds 1 open card/);
  // (Behind the modal dialog the list is hidden from the accessibility tree: found by its text.)
  await expect(page.locator("li", { hasText: email })).toContainText("Deactivated");
  await expect(page.getByRole("dialog")).toHaveAccessibleName(`${prefix} Leaver is deactivated`);
  await deactivated.getByRole("button", { name: "Done" }).click();
  await expect(people.person(`${prefix} Leaver`)).toContainText("Deactivated");
  // The dialog and its Deactivate button are gone: focus stays in the row (its first button), not on <body>, and the
  // row's status says what changed.
  await expect(people.person(`${prefix} Leaver`).getByRole("button", { name: `Edit ${prefix} Leaver` })).toBeFocused();
  await expect(people.person(`${prefix} Leaver`).getByRole("status").filter({ hasText: /\S/ })).toHaveText(`${prefix} Leaver is deactivated.`);

  await leaver.goto("/cards");
  await expect(leaver).toHaveURL(/\/sign-in/);
  // With the right password they are told why, not sent to reset a password that works; a wrong one says no more.
  await signIn.signIn(email, "leaver passphrase 1");
  await expect(leaver.getByRole("alert").filter({ hasText: "This account has been deactivated. Ask an administrator of your organisation to reactivate it." })).toBeVisible();
  await signIn.signIn(email, "not the passphrase");
  await expect(leaver.getByText("Incorrect email or password.")).toBeVisible();
  await context.close();

  // Finance sees the card the leaver still holds, to reassign or freeze it.
  const finance = await browser.newContext({ storageState: storageStateFor("finance") });
  const financePage = await finance.newPage();
  await financePage.goto("/");
  await expect(financePage.getByRole("region", { name: "Cards held by deactivated people" }).getByRole("link", { name: `${prefix} Leaver's card` })).toBeVisible();
  await finance.close();

  // Reactivated by keyboard: the Reactivate button goes with the dialog, and focus again stays in the row.
  await people.person(`${prefix} Leaver`).getByRole("button", { name: `Reactivate ${prefix} Leaver` }).press("Enter");
  await page.getByRole("dialog", { name: `Reactivate ${prefix} Leaver?` }).getByRole("button", { name: "Reactivate" }).press("Enter");
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, people.person(`${prefix} Leaver`).getByRole("button", { name: `Deactivate ${prefix} Leaver` }));
  await expect(people.person(`${prefix} Leaver`).getByRole("status").filter({ hasText: /\S/ })).toHaveText(`${prefix} Leaver is reactivated.`);
  await expect(page.locator("body")).not.toBeFocused();
  await expect(people.person(`${prefix} Leaver`).locator(":focus")).toHaveCount(1);
});

test("an edit with several problems shows them at once, the manager-role rule beside a missing name", async ({ page }) => {
  const people = new PeopleSettingsPage(page);
  await people.goto();
  // Omar manages Operations: without the manager role he cannot, which the form says with the name's problem, not after it.
  await people.person("Omar Operations").getByRole("button", { name: "Edit Omar Operations" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Omar Operations" });
  await edit.getByLabel("Name").fill("");
  await edit.getByRole("checkbox", { name: /^Manager/ }).uncheck();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText("Enter the person's name.")).toBeVisible();
  await expect(edit.getByText(/^Only someone with the manager role can manage a team/)).toBeVisible();
  // Name, roles (none left) and teams.
  await expect(edit.getByText("3 fields need attention.")).toBeVisible();
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(people.person("Omar Operations")).toContainText("Operations (manager)");
});

test("the only manager of a team is told so before an edit or a deactivation, not after it", async ({ page }) => {
  const people = new PeopleSettingsPage(page);
  await people.goto();
  const note = /Omar Operations is the only manager of Operations: once they stop managing it, finance approves in the manager's place the requests of its members until you name another/;
  await people.person("Omar Operations").getByRole("button", { name: "Edit Omar Operations" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Omar Operations" });
  // Part of the teams' description, so a screen reader hears it on reaching them.
  await expect(edit.getByRole("group", { name: "Teams" })).toHaveAccessibleDescription(note);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await people.person("Omar Operations").getByRole("button", { name: "Deactivate Omar Operations" }).click();
  const deactivate = page.getByRole("dialog", { name: "Deactivate Omar Operations?" });
  await expect(deactivate).toContainText(note);
  await deactivate.getByRole("button", { name: "Cancel" }).click();
  await expect(deactivate).toBeHidden();
  // Someone who manages no team is told nothing of the kind.
  await people.person("Eli Employee").getByRole("button", { name: "Edit Eli Employee" }).click();
  const plain = page.getByRole("dialog", { name: "Edit Eli Employee" });
  await expect(plain.getByRole("group", { name: "Teams" })).toHaveAccessibleDescription("Requests go to the team's manager: someone in no team cannot ask for a card.");
  await plain.getByRole("button", { name: "Cancel" }).click();
});

test("the edit's note follows its choices: a change that would leave a team without its only manager says so before it is saved", async ({ page }) => {
  const people = new PeopleSettingsPage(page);
  await people.goto();
  await people.person("Omar Operations").getByRole("button", { name: "Edit Omar Operations" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Omar Operations" });
  const teamsGroup = edit.getByRole("group", { name: "Teams" });
  const before = /Omar Operations is the only manager of Operations: once they stop managing it/;
  const leaves = /Saving this leaves Operations without a manager: finance approves in the manager's place the requests of its members until you name another/;
  await expect(teamsGroup).toHaveAccessibleDescription(before);
  // Said as it changes (a polite live region), and part of the teams' description.
  await edit.getByRole("combobox", { name: "Operations" }).selectOption("member");
  await expect(teamsGroup).toHaveAccessibleDescription(leaves);
  await expect(edit.locator("[aria-live=polite]")).toHaveText(leaves);
  await edit.getByRole("combobox", { name: "Operations" }).selectOption("manager");
  await expect(teamsGroup).toHaveAccessibleDescription(before);
  // Marked its manager still, but without the manager role nobody can take the team's manager step.
  await edit.getByRole("checkbox", { name: /^Manager/ }).uncheck();
  await expect(teamsGroup).toHaveAccessibleDescription(leaves);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(people.person("Omar Operations")).toContainText("Operations (manager)");
});

test("the settings are saved and validated on their fields", async ({ page }) => {
  await page.goto("/settings");
  const idle = page.getByLabel("Sign out after this many idle minutes");
  // A value other than the one in force: a save that changes nothing says so instead (settings-forms.spec.ts).
  const changed = (await idle.inputValue()) === "30" ? "31" : "30";
  await idle.fill("2");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("At least 5 minutes.")).toBeVisible();
  await idle.fill(changed);
  await page.getByRole("button", { name: "Save settings" }).click();
  // A changed sign-in rule needs a step-up within 5 minutes; the shared admin session may be older than that.
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, page.getByText(/Settings saved/));
});

test("an approval threshold is added with its problems shown together, and removed after a confirmation", async ({ page }) => {
  await page.goto("/settings");
  const add = page.getByRole("form", { name: "Add an approval threshold" });
  await add.getByLabel("Request kind").selectOption({ label: "Unfreeze" });
  await add.getByLabel("Currency").fill("UDS");
  await add.getByLabel("Threshold").fill("-5");
  await add.getByRole("button", { name: "Add approval threshold" }).click();
  await expect(add.getByText("Unknown currency code.")).toBeVisible();
  await expect(add.getByLabel("Threshold")).toHaveAttribute("aria-invalid", "true");

  await add.getByLabel("Currency").fill("CHF");
  await add.getByLabel("Threshold").fill("50");
  await add.getByRole("button", { name: "Add approval threshold" }).click();
  const row = page.getByRole("form", { name: "Unfreeze threshold in CHF" });
  // A threshold decides who must approve money: adding or removing one needs a step-up within 5 minutes, and the
  // shared admin session may be older than that.
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, row);

  await page.getByRole("button", { name: "Remove the unfreeze threshold in CHF" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove the unfreeze threshold in CHF?" });
  await expect(confirm).toContainText("every unfreeze request in CHF also needs finance's approval");
  await confirm.getByRole("button", { name: "Remove threshold" }).click();
  // Done once the list no longer holds the row, or is gone with it.
  const removed = page
    .getByRole("table", { name: "Approval thresholds" })
    .filter({ hasNot: row })
    .or(page.getByText("No thresholds yet: every request needs finance."));
  await confirmItsYouIfAsked(page, DEMO_PASSWORD, removed);
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
});

test("an edit of a person whose teams changed meanwhile is refused on the field, and again on a second save, until the dialog is opened again", async ({ page }) => {
  const people = new PeopleSettingsPage(page);
  await people.goto();
  const name = `${prefix} Mover`;
  await people.addPerson({ name, email: `${slug}-mover@demo.test`, roles: ["Employee"] });
  await people.person(name).getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${name}` });
  await expect(edit.getByLabel("Name")).toHaveValue(name);
  // Meanwhile another administrator puts them in Operations.
  await withE2eClient((client) =>
    client.query("insert into team_memberships (team_id, user_id, is_manager) select t.id, u.id, false from teams t, users u where t.name = 'Operations' and u.email = $1", [`${slug}-mover@demo.test`]),
  );
  await edit.getByLabel("Name").fill(`${name} Renamed`);
  const changed = /Someone else changed this person's roles or teams since you opened this form/;
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText(changed)).toBeVisible();
  // The page has read the change meanwhile; saving the same form again is still refused.
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText(changed)).toBeVisible();
  await expect(edit.getByRole("alert")).toHaveText("1 field needs attention.");
  await edit.getByRole("button", { name: "Cancel" }).click();
  // Opened again, it shows the change, and the rename keeps it.
  await people.person(name).getByRole("button", { name: `Edit ${name}` }).click();
  await expect(edit.getByRole("combobox", { name: "Operations", exact: true })).toHaveValue("member");
  await edit.getByLabel("Name").fill(`${name} Renamed`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  // The dialog is gone: the row says that the save worked, and its Edit button has focus again.
  const renamed = people.person(`${name} Renamed`);
  await expect(renamed.getByRole("status").filter({ hasText: /\S/ })).toHaveText(`${name} Renamed: changes saved.`);
  await expect(renamed.getByRole("button", { name: `Edit ${name} Renamed` })).toBeFocused();
  const teams = await withE2eClient(async (client) => (await client.query<{ name: string }>("select t.name from team_memberships m join teams t on t.id = m.team_id join users u on u.id = m.user_id where u.email = $1", [`${slug}-mover@demo.test`])).rows);
  expect(teams.map((team) => team.name)).toEqual(["Operations"]);
});
