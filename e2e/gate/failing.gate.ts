import { expect, test } from "@playwright/test";

// Deliberately failing, and outside every project's testMatch: `npm test` runs it alone, through the project's
// Playwright configuration, and requires Playwright to count it failed and exit non-zero.
test("the gate sees a failing end-to-end test", async ({ page }) => {
  await page.setContent("<main><p>one</p></main>");
  await expect(page.getByText("one")).toHaveText("two", { timeout: 1_000 });
});
