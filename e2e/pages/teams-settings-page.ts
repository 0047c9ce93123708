import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../fixtures/roles";
import { confirmItsYouIfAsked, stepUpDialog } from "./step-up";

/** Settings → Teams, as an administrator uses it (signed in with `password`, the demo one unless told). */
export class TeamsSettingsPage {
  constructor(
    private readonly page: Page,
    private readonly password: string = DEMO_PASSWORD,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto("/settings/teams");
    await expect(this.page.getByRole("heading", { name: "Teams", exact: true })).toBeVisible();
  }

  /** Creates a team from the "New team" dialog and waits for the dialog to close. */
  async createTeam(name: string): Promise<void> {
    await this.page.getByRole("button", { name: "New team" }).click();
    const create = this.page.getByRole("dialog", { name: "New team" });
    await create.getByLabel("Team name").fill(name);
    await create.getByRole("button", { name: "Create team" }).click();
    await expect(create).toBeHidden();
  }

  team(name: string): Locator {
    return this.page.getByRole("list", { name: "Teams", exact: true }).getByRole("listitem", { name, exact: true });
  }

  editDialog(name: string): Locator {
    return this.page.getByRole("dialog", { name: `Edit team ${name}` });
  }

  stepUpDialog(): Locator {
    return stepUpDialog(this.page);
  }

  /** Answers the step-up question if it comes (see step-up.ts), else waits for `done`. */
  confirmItsYouIfAsked(done: Locator): Promise<void> {
    return confirmItsYouIfAsked(this.page, this.password, done);
  }
}
