import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { StatementRow } from "@/db/queries/statements";
import { StatementList } from "./statement-list";

const CARD_ID = "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f";

/** A Cardepass funding-account line: the account paying $150.00 towards a card's top-up. */
const line = (id: bigint, overrides: Partial<StatementRow> = {}): StatementRow => ({
  id,
  providerAccountId: "0b1c2d3e-5555-4a8e-9d55-1c2b3a4d5e6f",
  source: "account",
  providerLogId: `L-${id}`,
  cardId: CARD_ID,
  providerCardId: "66a0c0de0000000000000001",
  providerOrderId: `C1000-${id}`,
  type: "CardTopUp",
  direction: "out",
  currency: "USD",
  amount: -15_000n,
  fee: null,
  feeCurrency: null,
  feeItems: [],
  total: null,
  totalCurrency: null,
  availableAfter: 85_000n,
  blockedAfter: 0n,
  status: null,
  note: null,
  occurredAt: new Date("2026-11-20T08:00:00Z"),
  completedAt: null,
  syncedAt: new Date("2026-11-20T08:15:00Z"),
  card: { id: CARD_ID, alias: "Eli – Software", last4: "0806" },
  ...overrides,
});

const render = (rows: StatementRow[], props: { showCard?: boolean } = {}) => {
  const html = renderToStaticMarkup(createElement(StatementList, { rows, caption: "Statement of Cardepass sandbox", emptyTitle: "None", ...props }));
  const [wide, phone] = html.split('<ul class="grid gap-2 md:hidden"');
  return { wide: wide!, phone: phone! };
};
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("an account's statement names each line's card", () => {
  const rows = [line(2n), line(1n, { cardId: null, providerCardId: null, card: null, type: "AccountTopUp", amount: 100_000n })];

  it("in a Card column at desktop width, linked to the card's page, and a dash on a line naming no card", () => {
    const { wide } = render(rows);
    expect(wide).toMatch(/<th[^>]*>Card<\/th>/);
    const cells = [...wide.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].slice(1).map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!));
    // Time, Type, Card: the type stays the second cell.
    expect(cells[0]![2]).toContain(`href="/cards/${CARD_ID}"`);
    expect(text(cells[0]![2]!)).toBe(" Eli – Software ·· 0806 ");
    expect(text(cells[1]![2]!)).toBe(" — ");
  });

  it("in a Card row of each phone card that names one", () => {
    const { phone } = render(rows);
    const [first, second] = phone.split("<li").slice(1);
    expect(first).toContain("<dt>Card</dt>");
    expect(first).toContain(`href="/cards/${CARD_ID}"`);
    expect(text(first!)).toContain("Card Eli – Software ·· 0806");
    expect(second).not.toContain("<dt>Card</dt>");
  });

  it("names the digits once when the alias already ends in them", () => {
    const { wide } = render([line(3n, { card: { id: CARD_ID, alias: "NobePay sandbox card 0806", last4: "0806" } })]);
    expect(text(wide)).toContain("NobePay sandbox card 0806");
    expect(text(wide)).not.toContain("0806 ·· 0806");
  });

  it("writes money coming in with a plus sign and money going out with a minus, on both widths", () => {
    const { wide, phone } = render(rows);
    for (const html of [wide, phone]) {
      expect(text(html)).toContain("−$150.00");
      expect(text(html)).toContain("+$1,000.00");
    }
  });

  it("has no Card column in a card's own statement, or when no line names a card", () => {
    expect(render(rows, { showCard: false }).wide).not.toMatch(/<th[^>]*>Card<\/th>/);
    expect(render(rows, { showCard: false }).phone).not.toContain("<dt>Card</dt>");
    expect(render([rows[1]!]).wide).not.toMatch(/<th[^>]*>Card<\/th>/);
  });
});

describe("a card's own ledger with fees", () => {
  // cardepass-v1.md cardAccountLogs: a BalanceRefund of "transAmount" 1, "feeItems" [{"feeType": "CardWithdrawFee", "amount": 0.1}], "totalAmount" 1.1.
  const withdrawal = line(4n, { source: "card", type: "BalanceRefund", amount: -500n, fee: 10n, feeCurrency: "USD", feeItems: [{ type: "CardWithdrawFee", amount: "10", currency: "USD" }], total: -510n, totalCurrency: "USD", availableAfter: null, blockedAfter: null });

  it("names the provider's total for what it adds up, the amount and its fee, not as the card's movement", () => {
    const { wide, phone } = render([withdrawal], { showCard: false });
    expect(wide).toMatch(/<th[^>]*>Amount \+ fee<\/th>/);
    expect(wide).not.toMatch(/<th[^>]*>Total<\/th>/);
    expect(phone).toContain("<dt>Amount + fee</dt>");
  });

  it("says each fee item's type in words, a fee-only type too", () => {
    const { wide } = render([withdrawal], { showCard: false });
    expect(text(wide)).toContain("Card withdrawal fee $0.10");
    expect(text(wide)).not.toContain("CardWithdrawFee");
  });
});
