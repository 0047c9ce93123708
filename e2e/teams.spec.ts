import { hash } from "@node-rs/argon2";
import { expect, test } from "./fixtures/test";
import { createPeopleInDemoOrganization } from "./fixtures/admin-db";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { expireStepUp } from "./fixtures/reveal-db";
import { DEMO_PASSWORD, storageStateFor } from "./fixtures/roles";
import { PeopleSettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { TeamsSettingsPage } from "./pages/teams-settings-page";

const prefix = uniquePrefix("Teams");
const slug = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const ana = `${prefix} Ana`;
const ben = `${prefix} Ben`;
const cleo = `${prefix} Cleo`;
const dora = `${prefix} Dora`;
const teamName = `${prefix} Squad`;

test.use({ storageState: storageStateFor("admin") });

test.beforeAll(async () => {
  await createPeopleInDemoOrganization([
    { email: `${slug}-ana@demo.test`, name: ana },
    // Ben is made the team's manager below, which takes the manager role.
    { email: `${slug}-ben@demo.test`, name: ben, roles: ["manager"] },
    { email: `${slug}-cleo@demo.test`, name: cleo },
    { email: `${slug}-dora@demo.test`, name: dora },
  ]);
});

/** Types into the dialog's "Add a person" search and picks the person with the keyboard. */
async function addPerson(dialog: import("@playwright/test").Locator, typed: string, name: string) {
  const box = dialog.getByRole("combobox", { name: "Add a person" });
  await box.click();
  await box.pressSequentially(typed, { delay: 20 });
  const listbox = dialog.getByRole("listbox", { name: "People" });
  await expect(listbox).toHaveAttribute("aria-busy", "false");
  await expect(listbox.getByRole("option", { name: new RegExp(`^${name}\\b`) })).toBeVisible();
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(dialog.getByRole("status")).toContainText(`Added ${name} as a member.`);
  await expect(box).toHaveValue("");
}

test("the admin builds a team by searching for people, and the page carries only members, not the whole company", async ({ page }) => {
  const teams = new TeamsSettingsPage(page);
  await teams.goto();
  await teams.createTeam(teamName);
  const item = page.getByRole("listitem", { name: teamName });
  await expect(item).toContainText("0 members · managed by nobody yet");

  await item.getByRole("button", { name: `Edit team ${teamName}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit team ${teamName}` });
  await expect(edit.getByText("No members yet.")).toBeVisible();
  await addPerson(edit, `${slug}-ana`, ana);
  await addPerson(edit, ben, ben);
  // Someone already in the team is not offered again.
  await edit.getByRole("combobox", { name: "Add a person" }).pressSequentially(prefix, { delay: 20 });
  const offered = edit.getByRole("listbox", { name: "People" });
  await expect(offered).toHaveAttribute("aria-busy", "false");
  await expect(offered.getByRole("option", { name: new RegExp(`^${cleo}\\b`) })).toBeVisible();
  await expect(offered.getByRole("option", { name: new RegExp(`^(${ana}|${ben})\\b`) })).toHaveCount(0);
  await edit.getByRole("combobox", { name: "Add a person" }).press("Escape");

  await expect(edit.getByRole("combobox", { name: ana })).toHaveValue("member");
  await edit.getByRole("combobox", { name: ben }).selectOption("manager");
  await edit.getByRole("button", { name: "Save team" }).click();
  // The shared admin session may have signed in more than five minutes ago: a change of members asks for the password.
  await teams.confirmItsYouIfAsked(item.getByText(`2 members · managed by ${ben}`));
  await expect(edit).toBeHidden();
  await expect(item).toContainText(`2 members · managed by ${ben}`);
  const members = item.getByRole("list", { name: `Members of ${teamName}` });
  await expect(members.getByRole("listitem")).toHaveText([ana, `${ben} · manager`]);

  // Only the team's members reach the browser: Cleo, in no team, is nowhere in the page or its payload.
  const html = await (await page.request.get("/settings/teams")).text();
  expect(html).toContain(ana);
  expect(html).not.toContain(cleo);

  // Cancel forgets changes; Save keeps them.
  await item.getByRole("button", { name: `Edit team ${teamName}` }).click();
  await edit.getByRole("combobox", { name: ana }).selectOption("none");
  await edit.getByRole("button", { name: "Cancel" }).click();
  await item.getByRole("button", { name: `Edit team ${teamName}` }).click();
  await expect(edit.getByRole("combobox", { name: ana })).toHaveValue("member");
  await edit.getByRole("combobox", { name: ana }).selectOption("none");
  await edit.getByRole("button", { name: "Save team" }).click();
  await teams.confirmItsYouIfAsked(item.getByText(`1 member · managed by ${ben}`));
  await expect(edit).toBeHidden();
  await expect(item).toContainText(`1 member · managed by ${ben}`);
});

/** An administrator of the demo organisation of their own, so that only their session is made stale, not the shared one. */
async function createAdministrator(email: string, name: string): Promise<void> {
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await withE2eClient(async (client) => {
    await client.query("begin");
    const user = await client.query<{ id: string }>(
      "insert into users (organization_id, email, name, password_hash) select organization_id, $1, $2, $3 from users where email = 'admin@demo.test' returning id",
      [email, name, passwordHash],
    );
    await client.query("insert into user_roles (user_id, role) values ($1, 'admin')", [user.rows[0]!.id]);
    await client.query("commit");
  });
}

test("an administrator signed in more than five minutes ago confirms it's them before changing a team's members, not to create or rename it", async ({ page, browser }) => {
  // A sign-in and two password checks, each argon2id on the server.
  test.slow();
  const email = `${slug}-steward@demo.test`;
  const stewardName = `${prefix} Steward`;
  await createAdministrator(email, stewardName);
  const context = await browser.newContext({ storageState: undefined });
  const stewardPage = await context.newPage();
  const signIn = new SignInPage(stewardPage);
  await signIn.goto();
  await signIn.signIn(email, DEMO_PASSWORD);
  await expect(stewardPage.getByRole("navigation", { name: "Main" })).toBeVisible();

  // The tab left open for a while: someone holding it must not decide who approves a team's requests without the password.
  await expireStepUp(email);
  const teams = new TeamsSettingsPage(stewardPage);
  await teams.goto();
  const stepUp = teams.stepUpDialog();
  // Creating an empty team and renaming it give nobody anything: not asked.
  const created = `${prefix} Desk`;
  const renamed = `${prefix} Front Desk`;
  await teams.createTeam(created);
  await teams.team(created).getByRole("button", { name: `Edit team ${created}` }).click();
  const rename = teams.editDialog(created);
  await rename.getByLabel("Team name").fill(renamed);
  await rename.getByRole("button", { name: "Save team" }).click();
  await expect(rename).toBeHidden();
  await expect(teams.team(renamed)).toContainText("0 members · managed by nobody yet");
  await expect(stepUp).toHaveCount(0);

  await teams.team(renamed).getByRole("button", { name: `Edit team ${renamed}` }).click();
  const edit = teams.editDialog(renamed);
  await addPerson(edit, dora, dora);
  await edit.getByRole("button", { name: "Save team" }).click();
  await expect(stepUp).toContainText(`Enter your password to change the members or managers of ${renamed}.`);
  await expect(stepUp.getByLabel("Password")).toBeFocused();
  // Cancelled: nothing is saved, no error is shown, the form is as it was, and focus is back on the button that asked.
  await stepUp.getByRole("button", { name: "Cancel" }).click();
  await expect(stepUp).toBeHidden();
  await expect(edit.getByRole("alert")).toHaveCount(0);
  await expect(edit.getByRole("combobox", { name: dora })).toHaveValue("member");
  await expect(edit.getByRole("button", { name: "Save team" })).toBeFocused();

  await stewardPage.keyboard.press("Enter");
  await stepUp.getByLabel("Password").fill("wrong-password");
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp.getByText("That password is not right.")).toBeVisible();
  await stepUp.getByLabel("Password").fill(DEMO_PASSWORD);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp).toBeHidden();
  // The same save then goes through, without pressing Save again.
  await expect(edit).toBeHidden();
  await expect(teams.team(renamed)).toContainText("1 member · managed by nobody yet");
  await context.close();

  // The demo organisation keeps no extra active administrator (deactivating needs no step-up).
  const people = new PeopleSettingsPage(page);
  await page.goto(`/settings/people?q=${encodeURIComponent(email)}`);
  await people.person(stewardName).getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: `Deactivate ${stewardName}?` }).getByRole("button", { name: "Deactivate" }).click();
  // The dialog showing the result says what happened, no longer the question.
  const deactivated = page.getByRole("dialog", { name: `${stewardName} is deactivated` });
  await expect(deactivated).toContainText(`${stewardName} is deactivated and holds no open cards.`);
  await deactivated.getByRole("button", { name: "Done" }).click();
  await expect(people.person(stewardName)).toContainText("Deactivated");
});

test("a team or person named with one very long word wraps: no page or dialog grows wider than the screen", async ({ page }) => {
  // The longest names the forms take (a team's 100 characters, a person's 200), each one word with nowhere to break.
  const longTeam = `${prefix}-${"x".repeat(100)}`.slice(0, 100);
  const longPerson = `${prefix}-${"Y".repeat(200)}`.slice(0, 200);
  await createPeopleInDemoOrganization([{ email: `${slug}-long@demo.test`, name: longPerson }]);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  const teams = new TeamsSettingsPage(page);
  await teams.goto();
  await teams.createTeam(longTeam);
  await expect(page.getByRole("listitem", { name: longTeam })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);

  await page.goto("/settings/people");
  await page.getByRole("button", { name: "Add person" }).click();
  const add = page.getByRole("dialog", { name: "Add person" });
  const teamChoice = add.getByRole("combobox", { name: longTeam });
  await teamChoice.scrollIntoViewIfNeeded();
  const box = (await teamChoice.boundingBox())!;
  const dialogBox = (await add.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
  expect(await add.evaluate((dialog) => dialog.scrollWidth - dialog.clientWidth)).toBeLessThanOrEqual(0);
  await page.keyboard.press("Escape");

  await page.goto(`/settings/people?q=${encodeURIComponent(`${slug}-long`)}`);
  await expect(page.getByRole("listitem", { name: longPerson })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.goto("/settings/teams");
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test("a team made by mistake is deleted from its card; a team people are in offers no delete", async ({ page }) => {
  const teams = new TeamsSettingsPage(page);
  const spare = `${prefix} Spare`;
  await teams.goto();
  await teams.createTeam(spare);
  // The demo's Marketing has people in it: its card has no delete.
  await expect(teams.team("Marketing").getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  // Taking away its only manager is said before the save, and unsaid when undone (Cancel saves nothing).
  await teams.team("Marketing").getByRole("button", { name: "Edit team Marketing" }).click();
  const edit = teams.editDialog("Marketing");
  const noManager = edit.getByRole("status").filter({ hasText: "will have no manager" });
  await expect(noManager).toHaveCount(0);
  await edit.getByRole("combobox", { name: /^Mia Marketing/ }).selectOption("member");
  await expect(noManager).toHaveText("Marketing will have no manager: finance approves in the manager's place the requests of its members until you name one.");
  await edit.getByRole("combobox", { name: /^Mia Marketing/ }).selectOption("manager");
  await expect(noManager).toHaveCount(0);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeHidden();

  await teams.team(spare).getByRole("button", { name: `Delete ${spare}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${spare}?` });
  await expect(confirm).toContainText("Nobody is in it, and no card, request or transaction names it.");
  await confirm.getByRole("button", { name: "Delete team" }).click();
  await expect(teams.team(spare)).toHaveCount(0);
  // Focus is not dropped to the page's top with the card that held it.
  await expect(page.getByRole("heading", { name: "Teams", exact: true })).toBeFocused();
});

test("a team with history is archived instead of deleted: it leaves the teams in use and is restored from the archived list", async ({ page, browser }) => {
  const teams = new TeamsSettingsPage(page);
  const former = `${prefix} Former`;
  await teams.goto();
  await teams.createTeam(former);
  // A closed card once belonged to it: the team has history, so it cannot be deleted.
  await insertCards([{ alias: `${prefix} Old float`, owner: null, team: former, provider: "nobepay", status: "cancelled" }]);
  await page.reload();
  await expect(teams.team(former)).toContainText("Cards, requests or transactions name it, so it cannot be deleted: archive it to take it out of use.");
  await expect(teams.team(former).getByRole("button", { name: /^Delete/ })).toHaveCount(0);

  await teams.team(former).getByRole("button", { name: `Archive ${former}` }).click();
  const confirm = page.getByRole("dialog", { name: `Archive ${former}?` });
  await expect(confirm).toContainText("Nobody can be put in it and no card issued to or moved into it.");
  await confirm.getByRole("button", { name: "Archive team" }).click();
  await expect(teams.team(former)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Teams", exact: true })).toBeFocused();
  const archived = page.getByRole("list", { name: "Archived teams" }).getByRole("listitem", { name: former, exact: true });
  await expect(archived).toContainText(/Archived \d{4}-\d{2}-\d{2} \(UTC\)/);

  // The cards list's team filter still offers it, named as archived; a new card cannot be issued to it.
  await page.goto("/cards");
  await expect(page.getByLabel("Team", { exact: true }).locator("option", { hasText: `${former} (archived)` })).toHaveCount(1);
  const finance = await browser.newContext({ storageState: storageStateFor("finance") });
  const issuing = await finance.newPage();
  await issuing.goto("/cards/new");
  const teamChoice = issuing.getByLabel("Team", { exact: true });
  await expect(teamChoice.locator("option", { hasText: "Operations" })).toHaveCount(1);
  await expect(teamChoice.locator("option", { hasText: former })).toHaveCount(0);
  await finance.close();

  await page.goto("/settings/teams");
  await archived.getByRole("button", { name: `Restore ${former}` }).click();
  await page.getByRole("dialog", { name: `Restore ${former}?` }).getByRole("button", { name: "Restore team" }).click();
  await expect(teams.team(former)).toBeVisible();
  await expect(page.getByRole("list", { name: "Archived teams" }).getByRole("listitem", { name: former, exact: true })).toHaveCount(0);
});
