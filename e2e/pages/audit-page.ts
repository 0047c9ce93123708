import { expect, type Locator, type Page } from "@playwright/test";

export class AuditPage {
  readonly table: Locator;
  readonly main: Locator;
  readonly filters: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole("table", { name: /^Audit events, \d+ shown, newest first$/ });
    this.main = page.getByRole("main");
    this.filters = page.getByRole("search", { name: "Audit filters" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/audit${query}`);
    await expect(this.page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  }

  /** Filters apply as they change (text after a pause): no Apply button. Waits until the URL carries each one. */
  async filter(values: { actor?: string; action?: string; outcome?: string; targetType?: string; targetId?: string }): Promise<void> {
    const form = this.filters;
    if (values.action !== undefined) await form.getByLabel("Event").selectOption(values.action);
    if (values.outcome !== undefined) await form.getByLabel("Outcome").selectOption(values.outcome);
    if (values.targetType !== undefined) await form.getByLabel("Target type").selectOption(values.targetType);
    if (values.actor !== undefined) await form.getByLabel("Actor").fill(values.actor);
    if (values.targetId !== undefined) await form.getByLabel("Target id").fill(values.targetId);
    for (const [key, value] of Object.entries(values)) {
      await expect(this.page).toHaveURL((url) => url.searchParams.get(key) === value);
    }
    await expect(this.page.getByRole("status").filter({ hasText: "Updating…" })).toHaveCount(0);
  }

  /** Body rows of the events table (the header row excluded). */
  rows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }

  /** The event sentence of a row. */
  sentence(row: Locator): Locator {
    return row.getByRole("cell").nth(1);
  }
}
