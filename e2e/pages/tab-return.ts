import type { Page } from "@playwright/test";

/**
 * Brings a tab back to the front as a person does, and tells it so: headless Chromium sends no visibilitychange of
 * its own. The tab may already be loading itself again by then (its notification poll, every 15 s, can notice the
 * new person while it waits behind the other tab), which destroys the page the event was meant for; that is the
 * outcome the caller waits for anyway, so only that error is let through (CI of 11851ae failed on it).
 */
export async function returnToTab(page: Page): Promise<void> {
  await page.bringToFront();
  await page
    .evaluate(() => document.dispatchEvent(new Event("visibilitychange")))
    .catch((error: unknown) => {
      if (!(error instanceof Error && /Execution context was destroyed|navigat/i.test(error.message))) throw error;
    });
}
