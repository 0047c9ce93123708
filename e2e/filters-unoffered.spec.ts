import { expect, test, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";

/**
 * A filter in a link that the reader's filter bar does not offer (another team's, a card they may not see, a currency
 * no card is in): the bar must say what the list shows, never "All …" over a list the hidden value emptied.
 */
const prefix = uniquePrefix("Unoffered");
let marketingCard = "";
let marketingTeam = "";

test.beforeAll(async () => {
  const ids = await insertCards([{ alias: `${prefix} Marketing`, owner: "employee2@demo.test", team: "Marketing", provider: "cardopenapi" }]);
  marketingCard = ids.get(`${prefix} Marketing`)!;
  marketingTeam = await withE2eClient(async (client) => {
    const result = await client.query<{ id: string }>(
      `select t.id from teams t join users u on u.organization_id = t.organization_id where lower(u.email) = 'manager@demo.test' and t.name = 'Marketing'`,
    );
    return result.rows[0]!.id;
  });
});

const notice = (page: Page) => page.getByRole("alert").filter({ hasText: "Part of this link could not be used and was ignored" });

test.describe("a manager opening a link filtered to another team", () => {
  test.use({ storageState: storageStateFor("manager") });

  test("the transactions list drops the team with the notice, and says it is not filtered", async ({ page }) => {
    await page.goto(`/transactions?team=${marketingTeam}`);
    const filters = page.getByRole("search", { name: "Transaction filters" });
    await expect(notice(page)).toContainText("Team: Not one of the teams you can see; showing every team.");
    await expect(filters.getByLabel("Team", { exact: true })).toHaveValue("");
    await expect(page.getByText("No transactions match these filters")).toHaveCount(0);
  });

  test("the cards list drops the team with the notice, and lists the manager's cards", async ({ page }) => {
    await page.goto(`/cards?team=${marketingTeam}`);
    const filters = page.getByRole("search", { name: "Card filters" });
    await expect(notice(page)).toContainText("Team: Not one of the teams you can see; showing every team.");
    await expect(filters.getByLabel("Team", { exact: true })).toHaveValue("");
    await expect(page.getByText("No cards match these filters")).toHaveCount(0);
    await expect(page.getByText(`${prefix} Marketing`)).toHaveCount(0);
  });

  test("the requests inbox, which has no team control, drops the team with the notice instead of filtering by it", async ({ page }) => {
    await page.goto(`/requests?tab=inbox&team=${marketingTeam}`);
    const filters = page.getByRole("search", { name: "Request filters" });
    await expect(notice(page)).toContainText("Team: This tab does not filter by team; showing every team.");
    await expect(filters.getByLabel("Team", { exact: true })).toHaveCount(0);
    await expect(page.getByText("No requests match these filters")).toHaveCount(0);
  });

  test("a card of another team is dropped with the notice, and no card choice names it", async ({ page }) => {
    await page.goto(`/transactions?card=${marketingCard}`);
    const filters = page.getByRole("search", { name: "Transaction filters" });
    await expect(notice(page)).toContainText("Card: Not one of the cards you can see; showing every card.");
    await expect(filters.getByLabel("Card", { exact: true })).toHaveCount(0);
    await expect(page.getByText("No transactions match these filters")).toHaveCount(0);
  });
});

test.describe("finance opening a link filtered to a currency", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("a currency no card is in stays the chosen one, marked so, over the list it filters; choosing all removes it", async ({ page }) => {
    await page.goto("/cards?currency=NOK");
    const filters = page.getByRole("search", { name: "Card filters" });
    const currency = filters.getByLabel("Currency");
    await expect(currency).toHaveValue("NOK");
    await expect(currency.locator("option:checked")).toHaveText("NOK (no cards)");
    await expect(page.getByText("No cards match these filters")).toBeVisible();
    await expect(notice(page)).toHaveCount(0);
    await currency.selectOption({ label: "All currencies" });
    await expect(page).toHaveURL((url) => url.pathname === "/cards" && !url.searchParams.has("currency"));
    await expect(currency.locator("option", { hasText: "NOK" })).toHaveCount(0);
  });

  test("a code that is no currency is dropped with the notice on the transactions list", async ({ page }) => {
    await page.goto("/transactions?currency=XXX");
    const filters = page.getByRole("search", { name: "Transaction filters" });
    await expect(notice(page)).toContainText("Currency: XXX is not a currency code; showing every currency.");
    await expect(filters.getByLabel("Currency")).toHaveValue("");
    await expect(page.getByText("No transactions match these filters")).toHaveCount(0);
  });
});

test.describe("an auditor opening a link filtered to a target type beyond cards and people", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("the audit log's target-type select shows it as the chosen one; a type nothing is recorded with is dropped with the notice", async ({ page }) => {
    await page.goto("/audit?targetType=approval_policy");
    const targetType = page.getByRole("search", { name: "Audit filters" }).getByLabel("Target type");
    await expect(targetType).toHaveValue("approval_policy");
    await expect(targetType.locator("option:checked")).toHaveText("Approval thresholds");
    await expect(notice(page)).toHaveCount(0);
    await page.goto("/audit?targetType=widget");
    await expect(notice(page)).toContainText("Target type: Unknown target type; showing every target.");
    await expect(page.getByRole("search", { name: "Audit filters" }).getByLabel("Target type")).toHaveValue("");
  });
});
