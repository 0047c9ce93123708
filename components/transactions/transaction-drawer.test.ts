import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { TransactionView } from "./transaction-view";

// The browser's <dialog> and the memo form (a server action) are not what is checked: the drawer's text is.
vi.mock("@/components/ui/native-modal", () => ({ NativeModal: ({ open, children }: { open: boolean; children?: ReactNode }) => (open ? createElement("div", null, children) : null) }));
vi.mock("./memo-form", () => ({ MemoForm: () => null }));

const { TransactionDrawer } = await import("./transaction-drawer");

const declined: TransactionView = {
  id: "t1",
  occurredAt: "2026-12-02 11:38 UTC",
  occurredAtIso: "2026-12-02T11:38:00.000Z",
  authorisedAt: "2026-12-02 11:38 UTC",
  settledAt: null,
  status: "declined",
  providerStatus: "DECLINED",
  kind: "Purchase",
  providerType: null,
  direction: "debit",
  amount: "−$165.88",
  currency: "USD",
  authorisedAmount: "−$165.88",
  settledAmount: null,
  originalAmount: null,
  merchant: "GITHUB, INC. github.com",
  merchantCity: null,
  merchantCountry: null,
  merchantCategory: null,
  description: null,
  declineReason: "Not enough money on the card or funding account",
  providerDeclineReason: "balance not enough",
  memo: null,
  mayEditMemo: false,
  providerTransactionId: "t_6499",
  cardId: "c1",
  cardLabel: "NobePay sandbox card 8531",
  cardName: "NobePay sandbox card",
  cardDigits: "8531",
  cardUnknownToProvider: false,
  unlinkedProviderCardId: null,
  ownerName: null,
  teamName: null,
  provider: "NobePay",
  accountLabel: "NobePay sandbox",
};

const render = (transaction: TransactionView) => renderToStaticMarkup(createElement(TransactionDrawer, { transaction, onClose: () => undefined }));
const rows = (html: string) => [...html.matchAll(/<dt[^>]*>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/g)].map(([, label, value]) => `${label}: ${value!.replace(/<[^>]+>/g, "")}`);

describe("the transaction drawer", () => {
  it("calls a declined transaction's amount what the merchant asked for, not authorised", () => {
    const listed = rows(render(declined));
    expect(listed).toContain("Asked: −$165.88 · 2026-12-02 11:38 UTC");
    expect(listed.some((row) => row.startsWith("Authorised"))).toBe(false);
  });

  it("keeps Authorised for an amount that was authorised, held or released later", () => {
    expect(rows(render({ ...declined, status: "authorised", declineReason: null }))).toContain("Authorised: −$165.88 · 2026-12-02 11:38 UTC");
    expect(rows(render({ ...declined, status: "reversed", declineReason: null }))).toContain("Authorised: −$165.88 · 2026-12-02 11:38 UTC");
  });

  it("shows the card as a link, underlined like links elsewhere, its last four digits kept on one line", () => {
    const card = /<a [^>]*href="\/cards\/c1"[^>]*>.*?<\/a>/.exec(render(declined))![0];
    expect(card).toMatch(/class="[^"]*(?<![\w:-])underline(?![\w-])/);
    expect(card).toMatch(/<span class="[^"]*whitespace-nowrap[^"]*">8531<\/span>/);
  });
});
