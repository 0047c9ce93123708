import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The dialog's text is what is checked: its frame renders inline, and the action behind the button is never called.
vi.mock("@/components/ui/dialog", () => {
  const inline = ({ children }: { children?: ReactNode }) => createElement("div", null, children);
  return { Dialog: inline, DialogTrigger: inline, DialogContent: inline, DialogHeader: inline, DialogFooter: inline, DialogTitle: inline, DialogDescription: inline };
});
vi.mock("./use-card-action", () => ({ useCardAction: () => ({ run: () => undefined, pending: false, failure: null, setFailure: () => undefined, newSubmission: () => undefined }) }));
vi.mock("@/lib/actions/cards/top-up-card", () => ({ topUpCardAction: async () => ({ ok: true, data: null }) }));
vi.mock("@/lib/actions/cards/withdraw-card", () => ({ withdrawCardAction: async () => ({ ok: true, data: null }) }));

const { AmountDialog } = await import("./amount-dialog");

type Props = Parameters<typeof AmountDialog>[0];
const text = (props: Partial<Props>) =>
  renderToStaticMarkup(
    createElement(AmountDialog, { kind: "withdraw", cardId: "c1", cardModel: "prepaid", currency: "USD", balance: 15_025n, feeRule: null, paying: null, providerLabel: "Cardepass", defaultOpen: true, ...props }),
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("withdrawing from a card whose provider takes the fee off the card too", () => {
  it("says to leave room for the fee while it is not known: the whole balance would be refused", () => {
    // cardepass-v1.md, card withdrawal: totalAmount 总金额 = 转出金额+转出费用 (amount + fee), both off the card.
    expect(text({ feeOffCard: true })).toContain("Card balance: $150.25. Cardepass also takes its withdrawal fee off the card: leave room for it.");
  });

  it("says nothing of it for a provider that does not, nor for a top-up", () => {
    expect(text({ providerLabel: "NobePay" })).not.toContain("leave room");
    expect(text({ feeOffCard: true, kind: "topUp" })).not.toContain("leave room");
  });
});
