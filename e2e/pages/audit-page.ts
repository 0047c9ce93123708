import { expect, type Locator, type Page } from "@playwright/test";

export class AuditPage {
  readonly table: Locator;
  readonly main: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole("table", { name: "Audit events, newest first" });
    this.main = page.getByRole("main");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/audit${query}`);
    await expect(this.page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  }

  async filter(values: { actor?: string; action?: string; outcome?: string; targetType?: string; targetId?: string }): Promise<void> {
    const form = this.page.getByRole("form", { name: "Audit filters" });
    if (values.actor !== undefined) await form.getByLabel("Actor").fill(values.actor);
    if (values.action !== undefined) await form.getByLabel("Action").selectOption(values.action);
    if (values.outcome !== undefined) await form.getByLabel("Outcome").selectOption(values.outcome);
    if (values.targetType !== undefined) await form.getByLabel("Target type").fill(values.targetType);
    if (values.targetId !== undefined) await form.getByLabel("Target id").fill(values.targetId);
    await form.getByRole("button", { name: "Apply filters" }).click();
    await this.page.waitForURL(/\/audit\?/);
  }

  /** Body rows of the events table (the header row excluded). */
  rows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }
}
