import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../fixtures/roles";
import { confirmItsYouIfAsked, stepUpDialog } from "./step-up";

/** Settings → People, as an administrator uses it (signed in with `password`, the demo one unless told). */
export class PeopleSettingsPage {
  constructor(
    private readonly page: Page,
    private readonly password: string = DEMO_PASSWORD,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto("/settings/people");
    await expect(this.page.getByRole("heading", { name: "People" })).toBeVisible();
  }

  person(name: string): Locator {
    return this.page.getByRole("list", { name: "People" }).getByRole("listitem", { name });
  }

  stepUpDialog(): Locator {
    return stepUpDialog(this.page);
  }

  /** Answers the step-up question if it comes (see step-up.ts), else waits for `done`. */
  confirmItsYouIfAsked(done: Locator): Promise<void> {
    return confirmItsYouIfAsked(this.page, this.password, done);
  }

  /** Adds a person and returns the invitation link (method "invite") or nothing (method "password"). */
  async addPerson(params: { name: string; email: string; roles: string[]; initialPassword?: string }): Promise<string | null> {
    await this.page.getByRole("button", { name: "Add person" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add person" });
    await dialog.getByLabel("Name").fill(params.name);
    await dialog.getByLabel("Email").fill(params.email);
    await dialog.getByRole("checkbox", { name: /^Employee/ }).uncheck();
    for (const role of params.roles) await dialog.getByRole("checkbox", { name: new RegExp(`^${role}`) }).check();
    if (params.initialPassword) {
      await dialog.getByRole("radio", { name: /Set a password for them now/ }).check();
      await dialog.getByRole("textbox", { name: "Initial password", exact: true }).fill(params.initialPassword);
      await dialog.getByRole("button", { name: "Add person" }).click();
      await this.confirmItsYouIfAsked(this.person(params.name));
      await expect(dialog).toBeHidden();
      await expect(this.person(params.name)).toBeVisible();
      await expect(this.page.getByRole("status").filter({ hasText: `${params.name} is added.` })).toBeVisible();
      return null;
    }
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const ready = this.page.getByRole("dialog", { name: "Invitation ready" });
    await this.confirmItsYouIfAsked(ready);
    // The link is shown once, in place of the form whose button had focus: it takes focus.
    await expect(ready.getByRole("textbox", { name: "Invitation link", exact: true })).toBeFocused();
    const link = await ready.getByRole("textbox", { name: "Invitation link", exact: true }).inputValue();
    // Its expiry written as every time in Cardhub is (UTC, to the minute), seven days on.
    const expires = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await expect(ready.getByText(new RegExp(`^Works once\\. Expires ${expires} \\d{2}:\\d{2} UTC\\.$`))).toBeVisible();
    await ready.getByRole("button", { name: "Done" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `${params.name} is invited.` })).toBeVisible();
    return link;
  }
}
