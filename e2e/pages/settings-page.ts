import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../fixtures/roles";

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

  /** The dialog that asks the administrator to confirm it's them (their password) before a change that needs it. */
  stepUpDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Confirm it's you" });
  }

  /**
   * Adding a person, resetting a password or two-factor and reactivating need a step-up within 5 minutes: a session
   * signed in (or confirmed) longer ago is asked for the password first. Whether it is depends on when the storage
   * state's sign-in ran, so either comes: the question, answered here, or `done`.
   */
  async confirmItsYouIfAsked(done: Locator): Promise<void> {
    const stepUp = this.stepUpDialog();
    await expect(stepUp.or(done).first()).toBeVisible();
    if (!(await stepUp.isVisible())) return;
    await stepUp.getByLabel("Password").fill(this.password);
    await stepUp.getByRole("button", { name: "Confirm" }).click();
    await expect(stepUp).toBeHidden();
    await expect(done).toBeVisible();
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
      return null;
    }
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const ready = this.page.getByRole("dialog", { name: "Invitation ready" });
    await this.confirmItsYouIfAsked(ready);
    const link = await ready.getByRole("textbox", { name: "Invitation link", exact: true }).inputValue();
    await ready.getByRole("button", { name: "Done" }).click();
    return link;
  }
}
