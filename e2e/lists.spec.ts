import { expect, test } from "./fixtures/test";
import { insertCards, uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";
import { TEXT_APPLY_DELAY_MS } from "../components/lists/filter-types";

const prefix = uniquePrefix("Lists");
let ids: Map<string, string>;

test.beforeAll(async () => {
  ids = await insertCards([
    { alias: `${prefix} Ads`, owner: "employee@demo.test", team: "Operations", provider: "cardopenapi", balance: 2500, createdAt: "2024-06-01T12:34:00Z" },
    { alias: `${prefix} Fuel`, owner: "manager@demo.test", team: "Operations", provider: "cardopenapi", status: "frozen", balance: 100 },
  ]);
});

test.describe("the list filter bar", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("applies every control the same way, as it changes: the search while typing, a select at once, no Apply button", async ({ page }) => {
    await page.goto("/cards");
    const filters = page.getByRole("search", { name: "Card filters" });
    await expect(filters.getByRole("button")).toHaveCount(0);
    await filters.getByRole("searchbox", { name: "Search" }).pressSequentially(prefix, { delay: 20 });
    // No Enter: the search applies after a pause in typing, and the list follows.
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === prefix);
    const rows = page.getByRole("table").locator("tbody").getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(filters.getByRole("searchbox", { name: "Search" })).toBeFocused();
    // The rows change without a page load: the bar says what the list now shows, for a screen reader.
    const result = filters.getByRole("status");
    await expect(result).toHaveText("2 cards shown.");
    await filters.getByLabel("Status").selectOption({ label: "Frozen" });
    await expect(page).toHaveURL(/status=frozen/);
    await expect(rows).toHaveCount(1);
    await expect(result).toHaveText("1 card shown.");
    await filters.getByLabel("Provider").selectOption({ label: "NobePay" });
    await expect(result).toHaveText("No cards to show.");
    await filters.getByLabel("Provider").selectOption({ label: "All providers" });
    await expect(result).toHaveText("1 card shown.");
    await filters.getByLabel("Sort by").selectOption({ label: "Alias Z–A" });
    await expect(page).toHaveURL((url) => url.searchParams.get("sort") === "alias" && url.searchParams.get("dir") === "desc" && url.searchParams.get("status") === "frozen");
    // The URL is the state: a reload or a shared link shows the same list and the same controls.
    await page.reload();
    await expect(filters.getByLabel("Status")).toHaveValue("frozen");
    await expect(filters.getByRole("searchbox", { name: "Search" })).toHaveValue(prefix);
    await filters.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/cards$/);
    await expect(filters.getByRole("searchbox", { name: "Search" })).toHaveValue("");
  });

  test("a select stepped through with the arrow keys, or a date typed digit by digit, loads the list once: where it stops", async ({ page }) => {
    // Every list the bar asks the server for (a navigation's RSC request; prefetches aside), by its filter values.
    const asked: URL[] = [];
    page.on("request", (request) => {
      const headers = request.headers();
      if (headers.rsc === "1" && !headers["next-router-prefetch"]) asked.push(new URL(request.url()));
    });
    // The cards list re-reads itself when a card is issued or changed (tests beside this one do): held off, as the
    // transactions page's below, so that every request counted is the bar's.
    await page.route("**/api/cards/version**", (route) => route.fulfill({ status: 503 }));
    // The page's clock is held still while keys are pressed: however slowly a busy machine delivers two presses, they
    // come within the bar's pause of each other, and only the clock run after them ends it.
    await page.clock.install();
    await page.goto(`/cards?q=${encodeURIComponent(prefix)}`);
    const filters = page.getByRole("search", { name: "Card filters" });
    const status = filters.getByLabel("Status");
    const holdClock = async () => page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
    await status.focus();
    await holdClock();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const stoppedOn = await status.inputValue();
    expect(stoppedOn).not.toBe("");
    expect(asked.filter((url) => url.pathname === "/cards")).toEqual([]);
    await page.clock.runFor(TEXT_APPLY_DELAY_MS);
    await page.clock.resume();
    await expect(page).toHaveURL((url) => url.searchParams.get("status") === stoppedOn);
    // The option passed on the way was never loaded, and the walk is one history entry.
    expect(asked.filter((url) => url.pathname === "/cards").map((url) => url.searchParams.get("status"))).toEqual([stoppedOn]);
    await page.goBack();
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === prefix && !url.searchParams.has("status"));
    await expect(status).toHaveValue("");
    // A step still waiting for its pause is dropped when the page moves by itself (Forward here): that move stands.
    await status.focus();
    await holdClock();
    await page.keyboard.press("ArrowDown");
    await page.goForward();
    await expect(page).toHaveURL((url) => url.searchParams.get("status") === stoppedOn);
    await page.clock.runFor(1_000);
    await page.clock.resume();
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL((url) => url.searchParams.get("status") === stoppedOn);
    await expect(status).toHaveValue(stoppedOn);

    // The transactions page re-reads itself when new activity arrives (other tests make some); that refresh is not the
    // bar's doing, so it is held off here by failing its version poll, and every request counted below is the bar's.
    await page.route("**/api/transactions/version**", (route) => route.fulfill({ status: 503 }));
    await page.goto("/transactions");
    const from = page.getByRole("search", { name: "Transaction filters" }).getByLabel("From (UTC day)");
    await from.focus();
    // Month, day, then a year that is a valid date at each of its four digits (0002, 0020, 0202, 2024), typed slowly:
    // each digit waits longer than the bar's pause. Applying 0002 at the pause used to take the field from the typist,
    // and the list stayed filtered to the year 2.
    await page.keyboard.type("0601", { delay: 30 });
    for (const digit of "2024") {
      await page.keyboard.type(digit);
      await page.waitForTimeout(TEXT_APPLY_DELAY_MS + 300);
    }
    await expect(page).toHaveURL((url) => url.searchParams.get("from") === "2024-06-01");
    expect(asked.filter((url) => url.pathname === "/transactions" && url.searchParams.has("from")).map((url) => url.searchParams.get("from"))).toEqual(["2024-06-01"]);
    await page.goBack();
    await expect(page).toHaveURL((url) => !url.searchParams.has("from"));
  });

  test("an amount that is not one is kept and marked on its field, not applied and not reported as a bad link", async ({ page }) => {
    await page.route("**/api/transactions/version**", (route) => route.fulfill({ status: 503 }));
    await page.goto("/transactions");
    const bar = page.getByRole("search", { name: "Transaction filters" });
    const min = bar.getByLabel("Minimum amount");
    await min.fill("1,5");
    await min.press("Tab");
    await expect(min).toHaveAttribute("aria-invalid", "true");
    await expect(min).toHaveAccessibleDescription(/Enter an amount such as 25 or 25\.50, without thousands separators or a currency sign\./);
    await expect(min).toHaveValue("1,5");
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL((url) => !url.searchParams.has("min"));
    await expect(page.getByText("Part of this link could not be used")).toHaveCount(0);
    // A maximum below the minimum is marked the same way; put right, both apply.
    await min.fill("20");
    await bar.getByLabel("Maximum amount").fill("5");
    await bar.getByLabel("Maximum amount").press("Tab");
    await expect(bar.getByLabel("Maximum amount")).toHaveAccessibleDescription(/The maximum is below the minimum\./);
    await expect(page).toHaveURL((url) => !url.searchParams.has("max"));
    await bar.getByLabel("Maximum amount").fill("50");
    await bar.getByLabel("Maximum amount").press("Tab");
    await expect(page).toHaveURL((url) => url.searchParams.get("min") === "20" && url.searchParams.get("max") === "50");
    await expect(min).not.toHaveAttribute("aria-invalid", "true");
  });

  test("the whole row opens the card, by mouse anywhere on it and by keyboard", async ({ page }) => {
    await page.goto(`/cards?q=${encodeURIComponent(prefix)}&sort=alias&dir=asc`);
    const row = page.getByRole("table").locator("tbody").getByRole("row").filter({ hasText: `${prefix} Ads` });
    // A click on the provider cell, nowhere near the alias link, as a mouse user would.
    const cell = await row.getByRole("cell").filter({ hasText: "Card OPEN-API" }).boundingBox();
    await page.mouse.click(cell!.x + cell!.width / 2, cell!.y + cell!.height / 2);
    await expect(page).toHaveURL(`/cards/${ids.get(`${prefix} Ads`)}`);
    await page.goBack();
    const link = page.getByRole("link", { name: `${prefix} Fuel` });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: `${prefix} Fuel`, level: 1 })).toBeVisible();
  });

  test("at phone width, where the filters are in a sheet, the outcome of a filter is still announced", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`/cards?q=${encodeURIComponent(prefix)}`);
    await page.getByRole("button", { name: "Filters" }).click();
    const sheet = page.getByRole("dialog", { name: "Filters" });
    await sheet.getByLabel("Status").selectOption({ label: "Frozen" });
    await expect(page).toHaveURL(/status=frozen/);
    await expect(sheet.getByRole("status")).toHaveText("1 card shown.");
    await sheet.getByRole("button", { name: "Show results" }).click();
    await expect(page.getByRole("search", { name: "Card filters" }).getByRole("status")).toHaveText("1 card shown.");
  });

  test("at phone width, the column headings' sort links are no tab stops (the Filters sheet sorts there), and the columns keep their names", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`/cards?q=${encodeURIComponent(prefix)}`);
    const headings = page.getByRole("table").getByRole("columnheader");
    await expect(headings.filter({ hasText: "Alias" })).toHaveCount(1);
    await expect(page.getByRole("table").locator("thead").getByRole("link")).toHaveCount(0);
    // Every tab stop from the filters on is something a person can see.
    await page.getByRole("button", { name: "Filters" }).focus();
    for (let stop = 0; stop < 4; stop += 1) {
      await page.keyboard.press("Tab");
      const box = await page.evaluate(() => {
        const rect = document.activeElement!.getBoundingClientRect();
        return { x: rect.x, width: rect.width, inHead: Boolean(document.activeElement!.closest("thead")) };
      });
      expect(box.inHead).toBe(false);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.width).toBeGreaterThan(1);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.getByRole("table").locator("thead").getByRole("link", { name: "Alias, sort ascending" })).toBeVisible();
  });

  test("shows the creation time on hover while sorted by date", async ({ page }) => {
    await page.goto(`/cards?q=${encodeURIComponent(`${prefix} Ads`)}`);
    const created = page.getByRole("table").locator("tbody time");
    await expect(created).toHaveText(/^2024-06-01/);
    await expect(created).toHaveAttribute("title", "2024-06-01 12:34 UTC");
  });
});
