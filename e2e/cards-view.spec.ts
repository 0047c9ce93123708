import { expect, test, type Page } from "./fixtures/test";
import { insertCards, uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor, type DemoRole } from "./fixtures/roles";
import { phoneListCards } from "./pages/phone-list";

const prefix = uniquePrefix("View");
const card = (name: string) => `${prefix} ${name}`;
let ids: Map<string, string>;
const pagePrefix = uniquePrefix("Paging");

test.beforeAll(async () => {
  ids = await insertCards([
    { alias: card("Eli ads"), owner: "employee@demo.test", team: "Operations", provider: "cardepass", limitLifetime: 100000, limitUsed: 25000, last4: "4242" },
    { alias: card("Eli travel"), owner: "employee@demo.test", team: "Operations", provider: "nobepay", status: "frozen", balance: 5000 },
    { alias: card("Omar fuel"), owner: "manager@demo.test", team: "Operations", provider: "cardepass", cardModel: "standard", balance: 120050 },
    { alias: card("Emma software"), owner: "employee2@demo.test", team: "Marketing", provider: "cardopenapi", balance: 999 },
  ]);
  // 27 cards for the paging test, every one created in the same instant: only the id orders them.
  await insertCards(
    Array.from({ length: 27 }, (_, index) => ({
      alias: `${pagePrefix} ${String(index).padStart(2, "0")}`,
      owner: "finance@demo.test",
      team: null,
      provider: "cardepass" as const,
      createdAt: "2024-06-01T12:00:00Z",
    })),
  );
});

function rows(page: Page) {
  return page.getByRole("table").getByRole("row").filter({ has: page.getByRole("cell") });
}

/** The alias link of each row, in order. */
function aliasesShown(page: Page): Promise<string[]> {
  return rows(page).locator("td:first-child a").allInnerTexts();
}

async function visibleAliases(page: Page, query = prefix): Promise<string[]> {
  await page.goto(`/cards?q=${encodeURIComponent(query)}&sort=alias&dir=asc`);
  await expect(page.getByRole("heading", { name: "Cards", level: 1 })).toBeVisible();
  return (await aliasesShown(page)).map((text) => text.trim());
}

const EXPECTED: Partial<Record<DemoRole, string[]>> = {
  employee: [card("Eli ads"), card("Eli travel")],
  manager: [card("Eli ads"), card("Eli travel"), card("Omar fuel")],
  finance: [card("Eli ads"), card("Eli travel"), card("Emma software"), card("Omar fuel")],
  auditor: [card("Eli ads"), card("Eli travel"), card("Emma software"), card("Omar fuel")],
  admin: [card("Eli ads"), card("Eli travel"), card("Emma software"), card("Omar fuel")],
};

for (const [role, expected] of Object.entries(EXPECTED) as [DemoRole, string[]][]) {
  test.describe(`${role} card list`, () => {
    test.use({ storageState: storageStateFor(role) });

    test(`shows exactly the cards a ${role} may see`, async ({ page }) => {
      expect(await visibleAliases(page)).toEqual(expected);
      const issue = page.getByRole("link", { name: "Issue card" });
      if (role === "finance") await expect(issue).toBeVisible();
      else await expect(issue).toHaveCount(0);
    });
  });
}

test.describe("finance", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("shows masked numbers, owners, providers, status and limit use", async ({ page }) => {
    await visibleAliases(page);
    const eli = rows(page).filter({ hasText: card("Eli ads") });
    await expect(eli.getByRole("cell").nth(1)).toHaveText("4111 11•• •••• 4242", { useInnerText: true });
    await expect(eli).toContainText("Eli Employee");
    await expect(eli).toContainText("Cardepass");
    await expect(eli).toContainText("Active");
    await expect(eli.getByRole("meter", { name: "Limit use" })).toHaveAttribute("aria-valuenow", "25");
    await expect(rows(page).filter({ hasText: card("Omar fuel") })).toContainText("$1,200.50");
    await expect(rows(page).filter({ hasText: card("Eli travel") })).toContainText("Frozen");
  });

  test("filters from the form land in the URL and on the server", async ({ page }) => {
    await visibleAliases(page);
    await page.getByLabel("Status").selectOption({ label: "Frozen" });
    await expect(page).toHaveURL(/status=frozen/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(card("Eli travel"));
    await page.getByLabel("Status").selectOption({ label: "All statuses" });
    await page.getByLabel("Provider").selectOption({ label: "Card OPEN-API" });
    await expect(page).toHaveURL(/provider=cardopenapi/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(card("Emma software"));
  });

  test("filters by owner through the person combobox, typed and chosen with the keyboard", async ({ page }) => {
    await visibleAliases(page);
    const filters = page.getByRole("search", { name: "Card filters" });
    const owner = filters.getByRole("combobox", { name: "Owner" });
    await expect(owner).toHaveAttribute("aria-expanded", "false");
    await owner.click();
    await owner.pressSequentially("emma", { delay: 30 });
    await expect(owner).toHaveAttribute("aria-expanded", "true");
    const listbox = filters.getByRole("listbox", { name: "People" });
    await expect(listbox).toHaveAttribute("aria-busy", "false");
    await expect(listbox.getByRole("option")).toHaveCount(1);
    await expect(listbox.getByRole("option")).toContainText("employee2@demo.test");
    await owner.press("ArrowDown");
    await expect(owner).toHaveAttribute("aria-activedescendant", (await listbox.getByRole("option").getAttribute("id"))!);
    await owner.press("Enter");
    const emma = await page.evaluate(async () => ((await (await fetch("/api/people?purpose=filter&q=employee2%40demo.test")).json()) as { people: { id: string }[] }).people[0]!.id);
    await expect(page).toHaveURL(new RegExp(`owner=${emma}`));
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(card("Emma software"));
    // The server page names the filtered person after the navigation.
    await page.reload();
    await expect(owner).toHaveValue("Emma Employee");
    await expect(rows(page)).toHaveCount(1);
    // Nobody matching is said so; Escape closes and restores the chosen name; Clear returns to every owner.
    await owner.fill("zzz-nobody");
    await expect(filters.getByText("No one matches.")).toBeVisible();
    await owner.press("Escape");
    await expect(owner).toHaveAttribute("aria-expanded", "false");
    await expect(owner).toHaveValue("Emma Employee");
    await filters.getByRole("button", { name: "Clear Emma Employee" }).click();
    await expect(page).not.toHaveURL(/owner=/);
    await expect(rows(page)).toHaveCount(4);
  });

  test("searches by last four digits and by owner name", async ({ page }) => {
    await page.goto("/cards?q=4242");
    await expect(rows(page).filter({ hasText: card("Eli ads") })).toHaveCount(1);
    expect(await visibleAliases(page, "Omar Operations")).toContain(card("Omar fuel"));
  });

  test("ignores an invalid filter with a visible notice instead of failing", async ({ page }) => {
    const response = await page.goto(`/cards?q=${encodeURIComponent(prefix)}&status=melted&sort=colour&after=garbage`);
    expect(response?.status()).toBe(200);
    const notice = page.getByRole("alert").filter({ hasText: "could not be used" });
    await expect(notice).toContainText("Unknown status");
    await expect(notice).toContainText("Unknown sort");
    await expect(notice).toContainText("page link is not valid");
    await expect(rows(page)).toHaveCount(4);
  });

  test("pages 25 at a time with Next and Previous, even when every card shares its creation time", async ({ page }) => {
    await page.goto(`/cards?q=${encodeURIComponent(pagePrefix)}`);
    await expect(rows(page)).toHaveCount(25);
    const firstPage = await aliasesShown(page);
    await page.getByRole("navigation", { name: "Card pages" }).getByRole("link", { name: "Next" }).click();
    await expect(rows(page)).toHaveCount(2);
    const secondPage = await aliasesShown(page);
    expect(new Set([...firstPage, ...secondPage]).size).toBe(27);
    await expect(page.getByRole("link", { name: "Next" })).toHaveCount(0);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(rows(page)).toHaveCount(25);
    expect(await aliasesShown(page)).toEqual(firstPage);
  });

  test("opens a card page with its details", async ({ page }) => {
    await page.goto(`/cards/${ids.get(card("Emma software"))}`);
    await expect(page.getByRole("heading", { name: card("Emma software"), level: 1 })).toBeVisible();
    await expect(page.getByText("4111 11•• •••• ")).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Emma Employee");
    await expect(page.getByRole("main")).toContainText("Card OPEN-API sandbox");
    await expect(page.getByRole("button", { name: "Top up" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Freeze card" })).toBeVisible();
  });

  test("a card that does not exist is a 404", async ({ page }) => {
    expect((await page.goto("/cards/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
    expect((await page.goto("/cards/not-a-card"))?.status()).toBe(404);
  });

  test("is usable at phone width: filters in a sheet, each card shows status and money, nothing scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/cards?q=${encodeURIComponent(prefix)}&sort=alias&dir=asc`);
    const cards = await phoneListCards(page, /^Cards, \d+ shown$/);
    await expect(cards).toHaveCount(4);
    const omar = cards.filter({ hasText: card("Omar fuel") });
    await expect(omar).toContainText("Active");
    await expect(omar).toContainText("$1,200.50");
    await expect(cards.filter({ hasText: card("Eli travel") })).toContainText("Frozen");
    const filters = page.getByRole("search", { name: "Card filters" });
    await expect(filters.getByLabel("Status")).toBeHidden();
    await expect(filters.getByRole("searchbox", { name: "Search" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    await filters.getByRole("button", { name: "Filters" }).click();
    const sheet = page.getByRole("dialog", { name: "Filters" });
    await sheet.getByLabel("Status").selectOption({ label: "Frozen" });
    await expect(page).toHaveURL(/status=frozen/);
    await sheet.getByRole("button", { name: "Show results" }).click();
    await expect(sheet).toBeHidden();
    await expect(cards).toHaveCount(1);
    await expect(filters.getByRole("button", { name: "Filters 1 active" })).toBeVisible();

    await page.goto(`/cards?q=${encodeURIComponent(prefix)}`);
    await omar.click({ position: { x: 200, y: 60 } });
    await expect(page.getByRole("heading", { name: card("Omar fuel"), level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe("card page scope", () => {
  test.use({ storageState: storageStateFor("employee") });

  test("an employee opening someone else's card gets the 403 page, and their own card without finance actions", async ({ page }) => {
    const response = await page.goto(`/cards/${ids.get(card("Emma software"))}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    // Refused by whose card it is, not by role: the employee's role includes cards.
    await expect(page.getByRole("main")).toContainText("This card is not yours, and not on a team you manage.");
    await expect(page.getByRole("main")).not.toContainText("ask an administrator to change your roles");
    // The title is read with the page's own check: it names no card the viewer may not see.
    expect(await page.title()).not.toContain(card("Emma software"));

    await page.goto(`/cards/${ids.get(card("Eli ads"))}`);
    await expect(page.getByRole("heading", { name: card("Eli ads"), level: 1 })).toBeVisible();
    await expect(page).toHaveTitle(`${card("Eli ads")} · Cards · Cardhub`);
    await expect(page.getByRole("button", { name: "Freeze card" })).toBeVisible();
    for (const name of ["Cancel card", "Change limits", "Reassign owner", "Top up", "Withdraw"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  });

  test("the freeze confirmation tells the holder who approves their unfreeze request", async ({ page }) => {
    // $750.00 of its $1,000.00 lifetime limit left: below the unfreeze threshold, so their team's manager alone.
    await page.goto(`/cards/${ids.get(card("Eli ads"))}`);
    await page.getByRole("button", { name: "Freeze card" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Freeze “${card("Eli ads")}”?` });
    await expect(confirm).toContainText("To use it again, ask for it with an unfreeze request: your team's manager approves it. Finance can also unfreeze it directly.");
    await expect(confirm).not.toContainText("Only finance unfreezes cards");
    await confirm.getByRole("button", { name: "Keep it active" }).click();
    await expect(confirm).toHaveCount(0);
  });
});

test.describe("manager card page scope", () => {
  test.use({ storageState: storageStateFor("manager") });

  test("the freeze confirmation tells the team's manager that they approve the holder's unfreeze request", async ({ page }) => {
    await page.goto(`/cards/${ids.get(card("Eli ads"))}`);
    await page.getByRole("button", { name: "Freeze card" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Freeze “${card("Eli ads")}”?` });
    await expect(confirm).toContainText("To use it again, Eli Employee asks for it with an unfreeze request: you approve it as their team's manager. Finance can also unfreeze it directly.");
    await confirm.getByRole("button", { name: "Keep it active" }).click();
    await expect(confirm).toHaveCount(0);
  });

  test("a manager opens their team's card but not another team's", async ({ page }) => {
    expect((await page.goto(`/cards/${ids.get(card("Eli travel"))}`))?.status()).toBe(200);
    expect((await page.goto(`/cards/${ids.get(card("Emma software"))}`))?.status()).toBe(403);
    await expect(page.getByRole("main")).toContainText("This card is not yours, and not on a team you manage.");
    await expect(page.getByRole("main")).not.toContainText("ask an administrator to change your roles");
    // A page of the section refused by role keeps the advice to ask an administrator.
    await page.goto("/cards/new");
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("ask an administrator to change your roles");
    await expect(page.getByRole("main")).not.toContainText("This card is not yours");
  });
});
