import { expect, type Locator, type Page } from "@playwright/test";

/**
 * A list at phone width (components/lists/responsive-list.tsx): the same table as at desktop width, its rows laid out
 * as cards. Checks that it really is laid out so (column headings visually hidden, left to screen readers; each row a
 * box of its own) and returns the rows, one per card.
 */
export async function phoneListCards(page: Page, name: string | RegExp, options: { timeout?: number } = {}): Promise<Locator> {
  const table = page.getByRole("table", { name });
  await expect(table).toBeVisible(options);
  expect((await table.locator("thead").boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
  const cards = table.locator("tbody").getByRole("row");
  await expect(cards.first()).toHaveCSS("display", "grid");
  return cards;
}
