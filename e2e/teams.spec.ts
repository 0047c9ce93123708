import { expect, test } from "@playwright/test";
import { createPeopleInDemoOrganization } from "./fixtures/admin-db";
import { uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";

const prefix = uniquePrefix("Teams");
const slug = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const ana = `${prefix} Ana`;
const ben = `${prefix} Ben`;
const cleo = `${prefix} Cleo`;
const teamName = `${prefix} Squad`;

test.use({ storageState: storageStateFor("admin") });

test.beforeAll(async () => {
  await createPeopleInDemoOrganization([
    { email: `${slug}-ana@demo.test`, name: ana },
    // Ben is made the team's manager below, which takes the manager role.
    { email: `${slug}-ben@demo.test`, name: ben, roles: ["manager"] },
    { email: `${slug}-cleo@demo.test`, name: cleo },
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
  await page.goto("/settings/teams");
  await page.getByRole("button", { name: "New team" }).click();
  const create = page.getByRole("dialog", { name: "New team" });
  await create.getByLabel("Team name").fill(teamName);
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create).toBeHidden();
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
  await expect(edit).toBeHidden();
  await expect(item).toContainText(`1 member · managed by ${ben}`);
});
