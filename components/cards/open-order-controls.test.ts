import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The bar's buttons call server actions only when clicked; rendering it needs none of the server behind them.
vi.mock("@/lib/actions/cards/unfreeze-card", () => ({ unfreezeCardAction: async () => ({ ok: true, data: null }) }));
vi.mock("@/lib/actions/cards/activate-card", () => ({ activateCardAction: async () => ({ ok: true, data: null }) }));
// Activate and Unfreeze follow their order on the card page (its tracker and router); drawing them needs neither.
vi.mock("./use-card-action", () => ({ useCardAction: () => ({ run: () => undefined, pending: false, failure: null }) }));

const { CardActionsBar } = await import("./card-actions-bar");
const { OrderReviews } = await import("./order-reviews");

const icons = { freeze: "*", unfreeze: "*", topUp: "*", withdraw: "*", setLimits: "*", edit: "*", reassign: "*", updateAddress: "*", cancel: "*", activate: "*" };
const card = { id: "c1", alias: "Ads", tags: [], cardModel: "prepaid" as const, currency: "USD", balance: 1_500n, limitPerTransaction: null, limitLifetime: null, limitUsed: null, ownerUserId: "someone", teamId: null };

function bar(props: { busy: boolean; freezeWaits: boolean }): string {
  return renderToStaticMarkup(
    createElement(CardActionsBar, {
      card,
      actions: ["freeze", "topUp", "cancel"],
      providerLabel: "Card OPEN-API",
      fees: { cancel: null, topUp: null, withdraw: null },
      paying: null,
      owner: null,
      selfId: "me",
      teams: [],
      icons,
      unfreezeAdvice: "You can unfreeze it from this page at any time.",
      ...props,
    }),
  );
}

/** Each button's label and whether it is disabled, in the bar's order. */
function buttons(html: string): string[] {
  return [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(([, attributes, label]) => `${label!.replace(/<[^>]+>|\*/g, "").trim()}${/ disabled=""/.test(attributes!) ? " (disabled)" : ""}`);
}

describe("the card's actions while an order is open", () => {
  it("keep Freeze available behind an open top-up, and say so; everything else waits", () => {
    const html = bar({ busy: true, freezeWaits: false });
    expect(buttons(html)).toEqual(["Freeze card", "Top up (disabled)", "Cancel card (disabled)"]);
    expect(html).toContain("Freezing stays possible. Other changes are available again once the request in progress has ended");
  });

  it("make Freeze wait behind an open freeze, unfreeze or cancel", () => {
    expect(buttons(bar({ busy: true, freezeWaits: true }))).toEqual(["Freeze card (disabled)", "Top up (disabled)", "Cancel card (disabled)"]);
  });

  it("offer everything on a card with no open order", () => {
    expect(buttons(bar({ busy: false, freezeWaits: false }))).toEqual(["Freeze card", "Top up", "Cancel card"]);
  });
});

describe("the card's actions beside what the server worked out", () => {
  const render = (actions: ("edit" | "activate" | "freeze")[], expiredAdvice: string | null) =>
    renderToStaticMarkup(
      createElement(CardActionsBar, { card, actions, providerLabel: "Card OPEN-API", fees: { cancel: null, topUp: null, withdraw: null }, paying: null, owner: null, selfId: "me", teams: [], icons: { ...icons, activate: "<power>" }, unfreezeAdvice: "You can unfreeze it from this page at any time.", busy: false, freezeWaits: false, expiredAdvice }),
    );

  it("tell whoever manages the card how to get an expired card's money back, and nobody else", () => {
    const advice = "This card has expired (EXPIRED) with $15.00 still on it.";
    expect(render(["edit"], advice)).toContain(`<p role="note" data-testid="expired-balance-advice" class="text-sm">${advice}</p>`);
    expect(render(["freeze"], advice)).not.toContain("expired-balance-advice");
    expect(render(["edit"], null)).not.toContain("expired-balance-advice");
  });

  it("draw Activate with the icon the server drew", () => {
    expect(render(["activate"], null)).toMatch(/<button[^>]*>&lt;power&gt; Activate card<\/button>/);
  });
});

describe("the card's provider requests in review", () => {
  const reviews = [{ id: "o1", type: "topup" as const, what: "Top-up of $5.00", sentAt: "2026-03-01 10:00 UTC" }];
  const render = (props: { mayResolve: boolean; mayFreeze: boolean }, list = reviews) => renderToStaticMarkup(createElement(OrderReviews, { reviews: list, providerLabel: "NobePay", resolveIcon: null, ...props }));

  it("offer finance a dialog to record what the provider shows", () => {
    const html = render({ mayResolve: true, mayFreeze: false });
    expect(html).toContain("Top-up of $5.00, sent 2026-03-01 10:00 UTC: NobePay never said how it ended.");
    expect(html).toContain("Check the card at NobePay, then record what you found. Until then the card&#x27;s other changes wait.");
    expect(html).toMatch(/<button[^>]*aria-haspopup="dialog"[^>]*>.*Record the outcome<\/button>/);
  });

  it("tell everyone else who ends it, and that the card can still be frozen", () => {
    const html = render({ mayResolve: false, mayFreeze: true });
    expect(html).toContain("Finance checks it at NobePay and records what they find. Until then the card&#x27;s other changes wait; it can still be frozen.");
    expect(html).not.toContain("Record the outcome");
  });

  it("keep only the (empty) announcement once nothing is in review", () => {
    const html = render({ mayResolve: true, mayFreeze: true }, []);
    expect(html).not.toContain("<ul");
    expect(html).toContain('role="status"');
  });
});
