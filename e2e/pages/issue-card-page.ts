import { expect, type Page } from "@playwright/test";
import { choosePerson } from "./person-combobox";

export type IssueDetails =
  | { kind: "sharebalance"; alias: string; perTransaction: string; lifetime: string | "unlimited" }
  | { kind: "standard"; alias: string; firstTopUp: string }
  | { kind: "nobepay"; alias: string; firstDeposit: string; firstName: string; lastName: string; state: string }
  | { kind: "cardopenapi"; alias: string; amount: string };

const ACCOUNT: Record<IssueDetails["kind"], { label: string; product: string }> = {
  sharebalance: { label: "Cardepass sandbox (Cardepass)", product: "DGG0C4JD" },
  standard: { label: "Cardepass sandbox (Cardepass)", product: "DGG0C4JD" },
  nobepay: { label: "NobePay sandbox (NobePay)", product: "v_5bc814" },
  cardopenapi: { label: "Card OPEN-API sandbox (Card OPEN-API)", product: "cpi_6530de6a2f1c7" },
};

/** The issue form, filled as a finance person would. */
export class IssueCardPage {
  constructor(private readonly page: Page) {}

  async issue(details: IssueDetails, owner = { typed: "employee@demo", name: "Eli Employee" }): Promise<string> {
    await this.fillAndSubmit(details, owner);
    const page = this.page;
    await page.waitForURL(/\/cards\/[0-9a-f-]{36}\?order=[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: details.alias })).toBeVisible();
    return new URL(page.url()).pathname.split("/").pop()!;
  }

  async fillAndSubmit(details: IssueDetails, owner = { typed: "employee@demo", name: "Eli Employee" }): Promise<void> {
    const page = this.page;
    await page.goto("/cards/new");
    const account = ACCOUNT[details.kind];
    await page.getByLabel("Provider account").selectOption({ label: account.label });
    await page.getByLabel("Product").selectOption(account.product);
    if (details.kind === "sharebalance" || details.kind === "standard") {
      await page.getByLabel("Card model").selectOption({ label: details.kind === "sharebalance" ? "ShareBalance" : "Standard" });
    }
    switch (details.kind) {
      case "sharebalance":
        await page.getByLabel("Per-transaction limit").fill(details.perTransaction);
        if (details.lifetime === "unlimited") await page.getByLabel("Unlimited").check();
        else await page.getByLabel("Lifetime limit").fill(details.lifetime);
        break;
      case "standard":
        await page.getByLabel("First top-up").fill(details.firstTopUp);
        break;
      case "nobepay":
        await page.getByLabel("First top-up").fill(details.firstDeposit);
        await page.getByLabel("First name").fill(details.firstName);
        await page.getByLabel("Last name").fill(details.lastName);
        await page.getByLabel("Street").fill("1 Main Street");
        await page.getByLabel("City").fill("Austin");
        await page.getByLabel("State").selectOption({ label: details.state });
        await page.getByLabel("ZIP code").fill("73301");
        break;
      case "cardopenapi":
        await page.getByLabel("First top-up").fill(details.amount);
        break;
    }
    await choosePerson(page, "Owner", owner.typed, owner.name);
    await page.getByLabel("Alias").fill(details.alias);
    await page.getByRole("button", { name: "Issue card" }).click();
  }
}

/** Waits for the live progress line of the card page to say the provider finished. */
export async function expectProgress(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByRole("status", { name: "Result of the last action" }).getByText(text)).toBeVisible({ timeout: 30_000 });
}
