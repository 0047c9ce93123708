import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The dialog's text is what is checked: its frame renders inline (Radix portals render nothing on the server), and
// the action behind the button, which needs the server, is never called.
vi.mock("@/components/ui/alert-dialog", () => {
  const inline = ({ children }: { children?: ReactNode }) => createElement("div", null, children);
  return {
    AlertDialog: inline,
    AlertDialogTrigger: inline,
    AlertDialogContent: inline,
    AlertDialogHeader: inline,
    AlertDialogFooter: inline,
    AlertDialogTitle: inline,
    AlertDialogDescription: inline,
    AlertDialogCancel: inline,
  };
});
vi.mock("./use-card-action", () => ({ useCardAction: () => ({ run: () => undefined, pending: false, failure: null, setFailure: () => undefined, newSubmission: () => undefined }) }));
vi.mock("@/lib/actions/cards/cancel-card", () => ({ cancelCardAction: async () => ({ ok: true, data: null }) }));

const { CancelCardDialog } = await import("./cancel-card-dialog");

type Props = Parameters<typeof CancelCardDialog>[0];
const text = (props: Partial<Props>) =>
  renderToStaticMarkup(
    createElement(CancelCardDialog, { cardId: "c1", alias: "Ads", cardModel: "prepaid", currency: "USD", balance: 290n, cancelFee: null, providerLabel: "Card OPEN-API", defaultOpen: true, ...props }),
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("the cancel dialog says no more about the money than the provider's documents do", () => {
  it("Card OPEN-API: no returned balance for a fee to come off", () => {
    // cardopenapi.md: the contents name 发起销卡 (start cancellation) and 卡Bin费用 (BIN fees) without specifying either.
    const said = text({ provider: "cardopenapi" });
    expect(said).toContain("Card OPEN-API's documents do not say what happens to this balance on cancellation");
    expect(said).toContain("Card OPEN-API has not stated a cancellation fee for this product yet.");
    expect(said).not.toMatch(/returned balance|is returned/);
  });

  it("NobePay: its documents record the remaining balance on deletion but not where it goes", () => {
    // nobepay.md 删除卡片 (/card/cancel) answers `data: true`; its card history says "Cancel Card，remain balance: $11.00".
    const said = text({ provider: "nobepay", providerLabel: "NobePay" });
    expect(said).toContain("NobePay's documents do not say whether this balance is returned to your account");
    expect(said).toContain("NobePay has not stated a cancellation fee for this product yet.");
    expect(said).not.toContain("returned balance");
  });

  it("an unknown provider (the page did not say) gets no promise either", () => {
    const said = text({ providerLabel: "Some provider" });
    expect(said).not.toMatch(/returned balance|It is returned/);
  });

  it("Cardepass Standard: the balance returns to the funding account, and an unstated fee comes off it", () => {
    // cardepass-v1.md orders/standard/cancel: "fee 销卡手续费", "settleAmount 结算金额"; accountLogs "CancelCardSettleRefund 销卡结算-退回".
    const said = text({ provider: "cardepass", providerLabel: "Cardepass", cardModel: "standard" });
    expect(said).toContain("It is returned to the Cardepass funding account.");
    expect(said).toContain("Cardepass has not stated a cancellation fee for this product yet; any fee it charges comes off the returned balance.");
  });

  it("Cardepass ShareBalance: no balance of its own, so nothing is returned for a fee to come off", () => {
    const said = text({ provider: "cardepass", providerLabel: "Cardepass", cardModel: "sharebalance", balance: null });
    expect(said).toContain("no money moves");
    expect(said).toContain("Cardepass has not stated a cancellation fee for this product yet.");
    expect(said).not.toContain("returned balance");
  });
});

describe("a cancellation fee charged in another currency than the card's", () => {
  const usdFee = { currency: "USD", fixed: "100", ratePpm: 0, source: "last_charged" as const, observedAt: "2026-11-30T09:12:00.000Z" };

  it("is said in its own currency and never taken off the card's yen", () => {
    const said = text({ provider: "cardepass", providerLabel: "Cardepass", cardModel: "standard", currency: "JPY", balance: 12_000n, cancelFee: usdFee });
    expect(said).toContain("This card still holds ¥12,000.");
    expect(said).toContain("Cardepass charges a cancellation fee of $1.00, charged in USD (last charged 2026-11-30 09:12 UTC).");
    expect(said).toContain("the fee is charged in USD, so it is not taken off this balance here: Cardepass states what it returned once it settles the cancellation.");
    expect(said).not.toContain("has not stated a cancellation fee");
    expect(said).not.toMatch(/¥11,9|¥11,000/);
  });

  it("in the card's own currency, is still taken off the balance it returns", () => {
    const said = text({ provider: "cardepass", providerLabel: "Cardepass", cardModel: "standard", currency: "JPY", balance: 12_000n, cancelFee: { ...usdFee, currency: "JPY", fixed: "150" } });
    expect(said).toContain("Less the fee, it is returned to the Cardepass funding account: ¥11,850.");
  });
});
