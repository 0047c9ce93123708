import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TransactionListRow } from "@/db/queries/transactions";
import { transactionListRow } from "@/test/transaction-rows";
import { RecentTransactions } from "./recent-transactions";

/** A settled purchase on Eli's Card OPEN-API card, listed today. */
const row = (overrides: Partial<TransactionListRow>): TransactionListRow =>
  transactionListRow({
    occurredAt: new Date("2026-12-02T11:51:00Z"),
    providerStatus: null,
    providerType: null,
    amount: 32_800n,
    merchantName: "SLACK TECHNOLOGIES",
    cardId: "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f",
    providerAccountId: "0b1c2d3e-5555-4a8e-9d55-1c2b3a4d5e6f",
    providerCardId: "card-1",
    ownerUserId: "eli",
    cardAlias: "Eli – Software",
    cardLast4: "0806",
    ownerName: "Eli Employee",
    ownerEmail: "employee@demo.test",
    provider: "cardopenapi",
    accountLabel: "Card OPEN-API sandbox",
    ...overrides,
  });

const render = (rows: TransactionListRow[]) => renderToStaticMarkup(createElement(RecentTransactions, { rows, viewer: { id: "eli", roles: ["employee"] }, empty: "None." }));

describe("the overview's recent transactions", () => {
  it("show a declined amount as the transactions list does: struck through, and no money moved for a screen reader", () => {
    const html = render([row({ status: "declined", declineReason: "Not enough money on the card or funding account" })]);
    expect(html).toMatch(/<span class="[^"]*line-through[^"]*">−\$328\.00<span class="sr-only"> \(no money moved\)<\/span><\/span>/);
  });

  it("show a settled amount plainly", () => {
    const html = render([row({ status: "settled" })]);
    expect(html).toContain("−$328.00");
    expect(html).not.toContain("line-through");
    expect(html).not.toContain("no money moved");
  });

  it("keep a card's last four digits together on one line", () => {
    expect(render([row({})])).toMatch(/Eli – Software <span class="[^"]*whitespace-nowrap[^"]*">·· 0806<\/span>/);
  });
});
