import { expect, type Locator, type Page } from "@playwright/test";

/** The dialog that asks the administrator to confirm it's them (their password) before a change that needs it. */
export function stepUpDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Confirm it's you" });
}

/**
 * Administration changes that hand out a way into an account, or change roles, teams, members or managers, need a
 * step-up within 5 minutes: a session signed in (or confirmed) longer ago is asked for the password first. Whether it
 * is depends on when the storage state's sign-in ran, so either comes: the question, answered with `password`, or
 * `done`.
 */
export async function confirmItsYouIfAsked(page: Page, password: string, done: Locator): Promise<void> {
  const stepUp = stepUpDialog(page);
  await expect(stepUp.or(done).first()).toBeVisible();
  if (!(await stepUp.isVisible())) return;
  await stepUp.getByLabel("Password").fill(password);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp).toBeHidden();
  await expect(done).toBeVisible();
}
