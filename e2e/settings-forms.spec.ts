import { expect, test, type Locator } from "./fixtures/test";
import { createPeopleInDemoOrganization } from "./fixtures/admin-db";
import { uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";

// Settings' forms as an administrator works them from the keyboard or a screen reader: a refused submit says how many
// fields need attention and takes focus to the first of them; nothing is called saved that was not; a button that is
// working keeps focus; the people search applies as the lists' filters do.
const prefix = uniquePrefix("SettingsForms");
const slug = prefix.toLowerCase();

test.use({ storageState: storageStateFor("admin") });

const top = async (field: Locator) => (await field.boundingBox())!.y;

test.describe("Settings → General", () => {
  test("a refused save counts the problems, says each in plain words on its field, and takes focus to the first", async ({ page }) => {
    await page.goto("/settings");
    const reveals = page.getByLabel("Reveals allowed");
    const perMinutes = page.getByLabel("Per how many minutes");
    const idle = page.getByLabel("Sign out after this many idle minutes");
    const save = page.getByRole("button", { name: "Save settings" });
    const summary = page.getByRole("alert").filter({ hasText: /attention/ });
    const inForce = await reveals.inputValue();

    await reveals.fill("five");
    await idle.fill("2");
    await save.click();
    await expect(reveals).toBeFocused();
    await expect(reveals).toHaveAttribute("aria-invalid", "true");
    await expect(reveals).toHaveAccessibleDescription("Enter a whole number of reveals, e.g. 5.");
    await expect(idle).toHaveAccessibleDescription(/^At least 5 minutes\./);
    await expect(summary).toHaveText("2 fields need attention.");
    await expect(page.getByText(/Invalid input|received NaN/)).toHaveCount(0);
    // The message under one field of the pair leaves the other beside it, not pushed down.
    expect(await top(perMinutes)).toBe(await top(reveals));

    // Only the idle timeout is wrong now: focus goes to it, from the keyboard as from the pointer.
    await reveals.fill(inForce);
    await save.focus();
    await page.keyboard.press("Enter");
    await expect(idle).toBeFocused();
    await expect(summary).toHaveText("1 field needs attention.");
    await expect(reveals).not.toHaveAttribute("aria-invalid", "true");
  });

  test("a save with nothing changed says there was nothing to save, not that settings were saved", async ({ page }) => {
    await page.goto("/settings");
    const save = page.getByRole("button", { name: "Save settings" });
    await save.click();
    await expect(page.getByText("Nothing to save: no setting changed.")).toBeVisible();
    await expect(page.getByText(/Settings saved/)).toHaveCount(0);
    await expect(save).toBeFocused();
  });

  test.describe("at phone width", () => {
    test.use({ viewport: { width: 390, height: 844 } });

    test("a refused save brings the first field with a problem on screen, focused, from the Save button below", async ({ page }) => {
      await page.goto("/settings");
      const reveals = page.getByLabel("Reveals allowed");
      const save = page.getByRole("button", { name: "Save settings" });
      await reveals.fill("a few");
      // Scrolled down to Save, as after filling in the form: the fields above are off the screen.
      await save.evaluate((button) => button.scrollIntoView({ block: "start" }));
      await expect(reveals).not.toBeInViewport();
      await save.click();
      await expect(reveals).toBeFocused();
      await expect(reveals).toBeInViewport();
      await expect(page.getByRole("alert").filter({ hasText: /attention/ })).toHaveText("1 field needs attention.");
    });
  });
});

test("Add person: a check that fails before sending counts the problems and takes focus to the first field or group with one", async ({ page }) => {
  await page.goto("/settings/people");
  await page.getByRole("button", { name: "Add person" }).click();
  const dialog = page.getByRole("dialog", { name: "Add person" });
  const send = dialog.getByRole("button", { name: "Create invitation" });
  const name = dialog.getByLabel("Name");
  const email = dialog.getByLabel("Email");

  await email.fill("not an address");
  await send.click();
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription("Enter the person's name.");
  await expect(dialog.getByRole("alert")).toHaveText("2 fields need attention.");

  await name.fill(`${prefix} Nobody`);
  await send.click();
  await expect(email).toBeFocused();
  await expect(email).toHaveAccessibleDescription("Enter a valid email address.");
  await expect(dialog.getByRole("alert")).toHaveText("1 field needs attention.");

  // No role at all: the roles' group takes focus, and reads the problem as its description.
  await email.fill(`${slug}-nobody@demo.test`);
  await dialog.getByRole("checkbox", { name: /^Employee/ }).uncheck();
  await send.click();
  const roles = dialog.getByRole("group", { name: "Roles" });
  await expect(roles).toBeFocused();
  await expect(roles).toHaveAccessibleDescription("Give the person at least one role.");
  await expect(dialog.getByRole("alert")).toHaveText("1 field needs attention.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("New team: a name left empty takes focus to the field and is counted, not left on the button", async ({ page }) => {
  await page.goto("/settings/teams");
  await page.getByRole("button", { name: "New team" }).click();
  const dialog = page.getByRole("dialog", { name: "New team" });
  await dialog.getByRole("button", { name: "Create team" }).click();
  const name = dialog.getByLabel("Team name");
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription("Enter a team name.");
  await expect(dialog.getByRole("alert")).toHaveText("1 field needs attention.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("Edit team: the person search never offers the signed-in administrator, who cannot add themselves", async ({ page }) => {
  const team = `${prefix} Desk`;
  await page.goto("/settings/teams");
  await page.getByRole("button", { name: "New team" }).click();
  const create = page.getByRole("dialog", { name: "New team" });
  await create.getByLabel("Team name").fill(team);
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create).toBeHidden();
  await page.getByRole("button", { name: `Edit team ${team}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit team ${team}` });
  const box = edit.getByRole("combobox", { name: "Add a person" });
  await box.click();
  // The admin's own email: the search finds them (people are found by email too, see teams.spec.ts), the picker leaves them out.
  await box.pressSequentially("admin@demo.test", { delay: 20 });
  const offered = edit.getByRole("listbox", { name: "People" });
  await expect(offered).toHaveAttribute("aria-busy", "false");
  await expect(offered.getByRole("option", { name: /^Ada Admin\b/ })).toHaveCount(0);
  await box.press("Escape");
  await expect(edit.getByText(/Added Ada Admin/)).toHaveCount(0);
});

test("Test connection keeps keyboard focus while it tests: busy, not disabled, and a second press is ignored", async ({ page }) => {
  await page.goto("/settings/accounts");
  // Named by its account, so the same button is found while its text says "Testing…".
  const button = page.getByRole("button", { name: /^(Test connection|Testing…) of Cardepass sandbox$/ });
  // The test's answer (a server action, a POST to the page) is held back a moment, so the busy state can be seen.
  let posts = 0;
  await page.route("**/settings/accounts", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts += 1;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return route.continue();
  });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-busy", "true");
  await expect(button).toHaveAttribute("aria-disabled", "true");
  await expect(button).toContainText("Testing…");
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-busy", "false");
  await expect(button).toBeFocused();
  expect(posts).toBe(1);
});

test.describe("Settings → People's search", () => {
  test.beforeAll(async () => {
    await createPeopleInDemoOrganization([
      { email: `${slug}-ann@demo.test`, name: `${prefix} Ann` },
      { email: `${slug}-bea@demo.test`, name: `${prefix} Bea` },
    ]);
  });

  test("applies as you type, as the lists' filters do, keeps focus in the box, and says what the list shows", async ({ page }) => {
    await page.goto("/settings/people");
    const box = page.getByRole("searchbox", { name: "Search people" });
    const people = page.getByRole("list", { name: "People" }).getByRole("listitem");
    const shown = page.getByRole("status").filter({ hasText: / shown\.$/ });

    await box.pressSequentially(prefix, { delay: 20 });
    // No Enter: a pause after typing applies it.
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === prefix);
    await expect(people).toHaveCount(2);
    await expect(shown).toHaveText("2 people shown.");
    await expect(box).toBeFocused();

    await box.pressSequentially(" Bea", { delay: 20 });
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === `${prefix} Bea`);
    await expect(people).toHaveCount(1);
    await expect(shown).toHaveText("1 person shown.");
    await expect(box).toHaveValue(`${prefix} Bea`);

    // Emptied, it shows everyone again, from the first page.
    await box.fill("");
    await expect(page).toHaveURL((url) => url.pathname === "/settings/people" && !url.searchParams.has("q"));
    await expect(box).toBeFocused();
  });
});
