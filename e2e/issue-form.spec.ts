import { expect, type Page, test } from "./fixtures/test";
import { uniquePrefix } from "./fixtures/cards-db";
import { storageStateFor } from "./fixtures/roles";
import { expectProgress } from "./pages/issue-card-page";
import { choosePerson } from "./pages/person-combobox";
import { chooseAndSeeAtOnce, useFormAndLoadItsCode } from "./pages/cost-panel";

const prefix = uniquePrefix("Form");

/**
 * A Card OPEN-API card the browser's checks pass, sent with a product the account no longer offers (as a page loaded
 * before the product was withdrawn would send it): the server refuses it on its field.
 */
async function submitRefusedByServer(page: Page) {
  await page.goto("/cards/new");
  await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
  await page.getByLabel("Product").selectOption("cpi_6530de6a2f1c7");
  await page.getByLabel("First top-up").fill("12");
  await page.getByLabel("Alias").fill(`${prefix} Refused`);
  await page.route("**/cards/new", async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    const body = request.postData() ?? "";
    expect(body).toContain('"cpi_6530de6a2f1c7"');
    await route.continue({ postData: body.replace('"cpi_6530de6a2f1c7"', '"cpi_withdrawn_e2e"') });
  });
  await page.getByRole("button", { name: "Issue card" }).click();
}

test.describe("finance issuing a card", () => {
  test.use({ storageState: storageStateFor("finance") });

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage({ storageState: storageStateFor("finance") });
    await page.goto("/cards/products");
    await page.getByRole("button", { name: "Refresh all products" }).click();
    await expect(page.getByText("Up to date.")).toBeVisible({ timeout: 30_000 });
    await page.close();
  });

  test("reports every problem at once, on its field", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Tags").fill("x".repeat(31));
    await page.getByRole("button", { name: "Issue card" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "need attention" })).toHaveText("4 fields need attention.");
    for (const label of ["Provider account", "Product", "Alias", "Tags"]) await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#issue-errors").getByRole("link")).toHaveText([/^Provider account: /, /^Product: /, /^Alias: /, /^Tags: /]);
    await expect(page.getByLabel("Alias")).toHaveAccessibleDescription(/Give the card a name people will recognise/);
    // The summary is a padded box, its focus ring clear of the text.
    await expect(page.locator("#issue-errors")).toBeFocused();
    await expect(page.locator("#issue-errors")).toHaveCSS("padding-top", "12px");

    // With account and product chosen, every field of the provider's form is checked in the same round.
    await page.getByLabel("Provider account").selectOption({ label: "NobePay sandbox (NobePay)" });
    await page.getByLabel("Product").selectOption("v_5bc814");
    await page.getByLabel("Tags").fill("");
    await page.getByRole("button", { name: "Issue card" }).click();
    for (const label of ["First top-up", "Street", "City", "State", "ZIP code", "Alias", "First name", "Last name"]) {
      await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
    }
    await expect(page.getByLabel("Provider account")).not.toHaveAttribute("aria-invalid", "true");

    // The focused summary links each problem to its field, in the form's order; each link focuses its own field.
    const summary = page.locator("#issue-errors");
    await expect(summary).toBeFocused();
    const links = summary.getByRole("link");
    await expect(links.first()).toHaveText(/^Alias: /);
    await expect(links.last()).toHaveText(/^ZIP code: /);
    await expect(summary.getByRole("alert")).toHaveText(`${await links.count()} fields need attention.`);
    for (const link of await links.all()) {
      const href = (await link.getAttribute("href"))!;
      await link.click();
      await expect(page.locator(href)).toBeFocused();
    }
    await expect(page.getByLabel("ZIP code")).toBeFocused();
  });

  test("the error summary keeps only the problems still on screen once another account is chosen", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "NobePay sandbox (NobePay)" });
    await page.getByLabel("Product").selectOption("v_5bc814");
    await page.getByRole("button", { name: "Issue card" }).click();
    const summary = page.locator("#issue-errors");
    await expect(summary.getByRole("alert")).toHaveText("8 fields need attention.");

    // Card OPEN-API has no cardholder fields, and no amount until a product is chosen: the summary stops naming them.
    await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
    await expect(page.getByLabel("First name")).toHaveCount(0);
    await expect(summary.getByRole("alert")).toHaveText("1 field needs attention.");
    await expect(summary.getByRole("link")).toHaveText([/^Alias: /]);
    await page.getByLabel("Product").selectOption("cpi_6530de6a2f1c7");
    await expect(summary.getByRole("link")).toHaveText([/^Alias: /, /^First top-up: Enter an amount\.$/]);
  });

  test("the cost panel, whose code loads once the form is used, is on screen as soon as a product is chosen, with no placeholder first", async ({ page }) => {
    await page.goto("/cards/new");
    await useFormAndLoadItsCode(page, page.getByLabel("Provider account"));
    await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
    // A placeholder held the panel's place for React's minimum of 300 ms even once its code was here, and the fields
    // below it moved when the panel, of another height, replaced it.
    expect(await chooseAndSeeAtOnce(page.getByLabel("Product"), "cpi_6530de6a2f1c7", "#issue-cost")).toBe(true);
    await expect(page.locator("#issue-cost")).toContainText("Total from the funding account");
  });

  test("a field's problem goes as soon as the field is changed, and the summary counts those left", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByRole("button", { name: "Issue card" }).click();
    const summary = page.locator("#issue-errors");
    await expect(summary.getByRole("alert")).toHaveText("3 fields need attention.");
    await page.getByLabel("Alias").fill("Still being typed");
    await expect(page.getByLabel("Alias")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Alias")).not.toHaveAccessibleDescription(/Give the card a name/);
    await expect(summary.getByRole("alert")).toHaveText("2 fields need attention.");
    await expect(summary.getByRole("link")).toHaveText([/^Provider account: /, /^Product: /]);
    // Another account empties the product choice too: neither problem stays; the next submit asks again.
    await page.getByLabel("Provider account").selectOption({ label: "NobePay sandbox (NobePay)" });
    await expect(page.getByLabel("Provider account")).not.toHaveAttribute("aria-invalid", "true");
    await expect(summary.getByRole("alert")).toHaveCount(0);
    await expect(summary.getByRole("link")).toHaveCount(0);
    await page.getByRole("button", { name: "Issue card" }).click();
    await expect(page.getByLabel("Product")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Alias")).not.toHaveAttribute("aria-invalid", "true");
  });

  test("checks a ShareBalance card's lifetime limit against its per-transaction limit with every other problem, in one submit", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Cardepass sandbox (Cardepass)" });
    await page.getByLabel("Product").selectOption("DGG0C4JD");
    await page.getByLabel("Card model").selectOption({ label: "ShareBalance" });
    await page.getByLabel("Per-transaction limit").fill("500");
    await page.getByLabel("Lifetime limit").fill("100");
    await page.getByRole("button", { name: "Issue card" }).click();
    const summary = page.locator("#issue-errors");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("alert")).toHaveText("2 fields need attention.");
    await expect(summary.getByRole("link")).toHaveText([/^Alias: /, "Lifetime limit: The lifetime limit cannot be below the per-transaction limit."]);
    await expect(page.getByLabel("Lifetime limit")).toHaveAttribute("aria-invalid", "true");
  });

  test("while no account is chosen, the product's problem says to choose one and its link leads to the account", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByRole("button", { name: "Issue card" }).click();
    // The product select is disabled until an account is chosen: a link to it could not take anyone there.
    await expect(page.getByLabel("Product")).toBeDisabled();
    const productLink = page.locator("#issue-errors").getByRole("link", { name: /^Product: / });
    await expect(productLink).toHaveText("Product: Choose an account first.");
    await expect(productLink).toHaveAttribute("href", "#issue-account");
    await productLink.click();
    await expect(page.getByLabel("Provider account")).toBeFocused();
  });

  test("a refusal from the server moves focus to the summary, as the browser's own problems do", async ({ page }) => {
    await submitRefusedByServer(page);
    const summary = page.locator("#issue-errors");
    await expect(summary.getByRole("link")).toHaveText(["Product: This product is not offered by the account any more. Refresh the products list."]);
    await expect(summary).toBeFocused();
    await expect(page).toHaveURL(/\/cards\/new$/);
  });

  test("a refusal from the server goes once its field is changed", async ({ page }) => {
    await submitRefusedByServer(page);
    const summary = page.locator("#issue-errors");
    await expect(summary.getByRole("link")).toHaveCount(1);
    await page.getByLabel("Product").selectOption({ index: 0 });
    await expect(page.getByLabel("Product")).not.toHaveAttribute("aria-invalid", "true");
    await expect(summary.getByRole("link")).toHaveCount(0);
    await expect(summary.locator("[data-slot=alert]")).toHaveCount(0);
  });

  test("a refusal from the server is summarised in the same padded box as the browser's own problems", async ({ page }) => {
    await submitRefusedByServer(page);
    const summary = page.locator("#issue-errors");
    await expect(summary.getByRole("link")).toHaveCount(1);
    // The count and its links in one box: no box drawn inside it around the count alone.
    await expect(summary.getByRole("alert")).toHaveText("1 field needs attention.");
    await expect(summary).toHaveCSS("padding-top", "12px");
    await expect(summary).toHaveCSS("border-top-width", "1px");
    await expect(summary.locator("[data-slot=alert]")).toHaveCSS("border-top-width", "0px");
  });

  test("names each Cardepass product's card model beside the provider's own product name", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Cardepass sandbox (Cardepass)" });
    const product = page.getByLabel("Product");
    await expect(product.locator("option[value=A5GGCYNQ]")).toHaveText("通用卡-共享测试产品 · ShareBalance");
    await expect(product.locator("option[value=DGG0C4JD]")).toHaveText("通用卡 · ShareBalance or Standard");
    await product.selectOption("0BN03HNK");
    await expect(product).toHaveAccessibleDescription("Standard cards hold their own balance.");
    await product.selectOption("DGG0C4JD");
    await expect(page.getByLabel("Card model")).toHaveAccessibleDescription(/ShareBalance cards spend from the shared account within limits\. Standard cards hold their own balance\./);
  });

  test("checks a Card OPEN-API product's minimum first top-up in the same round as every other problem", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
    await page.getByLabel("Product").selectOption({ label: "AMEX 345432 · BIN 345432" });
    const amount = page.getByLabel("First top-up", { exact: true });
    await expect(amount).toHaveAccessibleDescription(/At least \$20\.00\./);
    await amount.fill("5");
    await page.getByRole("button", { name: "Issue card" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "need attention" })).toHaveText("2 fields need attention.");
    await expect(page.getByLabel("Alias")).toHaveAttribute("aria-invalid", "true");
    await expect(amount).toHaveAttribute("aria-invalid", "true");
    await expect(amount).toHaveAccessibleDescription(/At least \$20\.00 for this product\./);
  });

  test("checks the first top-up as it is typed: its text once the field is left, a shortfall at once", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
    await page.getByLabel("Product").selectOption("cpi_6530de6a2f1c7");
    const amount = page.getByLabel("First top-up", { exact: true });
    await amount.fill("1,000");
    await expect(amount).not.toHaveAttribute("aria-invalid", "true");
    await amount.blur();
    await expect(amount).toHaveAttribute("aria-invalid", "true");
    await expect(amount).toHaveAccessibleDescription(/Leave out the thousands separators: 1000\./);
    await amount.fill("0.005");
    await expect(amount).toHaveAccessibleDescription(/USD amounts have at most 2 decimal places\./);
    // More than the funding balance holds: said while typing, in the words submit and the server use, before any submit.
    await amount.fill("99999999");
    await expect(amount).toHaveAccessibleDescription(/The funding balance that pays is \$[\d,]+\.\d{2} \(as of .+ UTC\); this card's first top-up needs \$[\d,]+\.\d{2} with its \$[\d,]+\.\d{2} fee\./);
    await expect(page.locator("#issue-errors")).toBeEmpty();
    await page.screenshot({ path: ".data/e2e/screens/issue-form-live-shortfall.png", fullPage: true });
    await amount.fill("12");
    await expect(amount).not.toHaveAttribute("aria-invalid", "true");

    // A submit's problem on the amount goes once the amount is changed, and the field is checked as it is typed again.
    await amount.fill("");
    await page.getByRole("button", { name: "Issue card" }).click();
    await expect(amount).toHaveAccessibleDescription(/Enter an amount\./);
    await amount.fill("12");
    await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  });

  test("the NobePay cardholder name follows the chosen owner until typed over", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "NobePay sandbox (NobePay)" });
    await page.getByLabel("Product").selectOption("v_5bc814");
    // Nobody issues a card to themselves: finance is never offered as the owner.
    const owner = page.getByRole("combobox", { name: "Owner" });
    await owner.pressSequentially("Fiona", { delay: 30 });
    await expect(page.getByRole("listbox", { name: "People" })).toHaveAttribute("aria-busy", "false");
    await expect(page.getByRole("listbox", { name: "People" }).getByRole("option", { name: /Fiona Finance/ })).toHaveCount(0);
    await choosePerson(page, "Owner", "employee@", "Eli Employee");
    await expect(page.getByLabel("First name")).toHaveValue("Eli");
    await expect(page.getByLabel("Last name")).toHaveValue("Employee");
    await choosePerson(page, "Owner", "Emma", "Emma Employee");
    await expect(page.getByLabel("First name")).toHaveValue("Emma");
    await page.getByLabel("First name").fill("Em");
    await choosePerson(page, "Owner", "eli e", "Eli Employee");
    await expect(page.getByLabel("First name")).toHaveValue("Em");
    await expect(page.getByLabel("Last name")).toHaveValue("Employee");
  });

  test("issues an unassigned company card", async ({ page }) => {
    await page.goto("/cards/new");
    await page.getByLabel("Provider account").selectOption({ label: "Card OPEN-API sandbox (Card OPEN-API)" });
    await page.getByLabel("Product").selectOption("cpi_6530de6a2f1c7");
    await expect(page.getByRole("combobox", { name: "Owner" })).toHaveValue("");
    await expect(page.getByRole("combobox", { name: "Owner" })).toHaveAttribute("placeholder", "Unassigned company card");
    await page.getByLabel("First top-up").fill("12");
    await page.getByLabel("Alias").fill(`${prefix} Office`);
    await page.getByRole("button", { name: "Issue card" }).click();
    await page.waitForURL(/\/cards\/[0-9a-f-]{36}\?order=[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: `${prefix} Office` })).toBeVisible();
    await expectProgress(page, "The card has been issued.");
    await expect(page.getByRole("main")).toContainText("Unassigned company card");
  });
});
