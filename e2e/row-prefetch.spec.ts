import { expect, test, type Page } from "./fixtures/test";
import { storageStateFor } from "./fixtures/roles";

test.use({ storageState: storageStateFor("finance") });

/** The paths Next prefetches (its router marks those requests with Next-Router-Prefetch) from now on. */
function prefetchedPaths(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

test("a list's row links are prefetched when pointed at or tabbed to, not because they scrolled into view", async ({ page }) => {
  const prefetched = prefetchedPaths(page);
  await page.goto("/cards");
  const rowLinks = page.locator("a[data-row-link]");
  await expect(rowLinks.nth(2)).toBeVisible();
  await page.mouse.wheel(0, 2000);
  await page.waitForLoadState("networkidle");
  // Next's default would fetch every visible card page here, each running the signed-in layout on the server.
  expect(prefetched.filter((path) => path.startsWith("/cards/") && path !== "/cards/new" && path !== "/cards/products")).toEqual([]);

  const pointedAt = (await rowLinks.nth(1).getAttribute("href"))!;
  await rowLinks.nth(1).hover();
  await expect.poll(() => prefetched.filter((path) => path === pointedAt).length).toBeGreaterThan(0);
  const tabbedTo = (await rowLinks.nth(2).getAttribute("href"))!;
  await rowLinks.nth(2).focus();
  await expect.poll(() => prefetched.filter((path) => path === tabbedTo).length).toBeGreaterThan(0);

  // Still a client-side navigation: no new document.
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
  });
  await rowLinks.nth(1).click();
  await expect(page).toHaveURL(pointedAt);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(documents).toEqual([]);
});
