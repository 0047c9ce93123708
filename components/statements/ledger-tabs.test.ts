import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseStatementSearch } from "@/lib/statements/filters";
import { LedgerTabs } from "./ledger-tabs";

const ACCOUNT = "0b1c2d3e-5555-4a8e-9d55-1c2b3a4d5e6f";
const CARD = "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f";

type Scope = Parameters<typeof LedgerTabs>[0]["scope"];
/** Each tab's name, where it leads, and whether it is the one shown. */
const tabsOf = (scope: Scope, query: string) => {
  const html = renderToStaticMarkup(createElement(LedgerTabs, { scope, search: parseStatementSearch(new URLSearchParams(query)).search }));
  const nav = html.match(/^<nav aria-label="Ledger"[^>]*>/)?.[0] ?? null;
  const links = [...html.matchAll(/<a ([^>]*)>(.*?)<\/a>/g)].map(([, attributes, label]) => ({
    label,
    href: attributes!.match(/href="([^"]*)"/)![1]!.replace(/&amp;/g, "&"),
    current: attributes!.includes('aria-current="page"'),
  }));
  return { html, nav, links };
};

describe("the Ledger switch", () => {
  it("offers an account's statement both ledgers together or one at a time, keeping the dates", () => {
    const { nav, links } = tabsOf({ kind: "account", provider: "cardepass" }, `account=${ACCOUNT}&from=2026-11-01&type=Consume`);
    expect(nav).not.toBeNull();
    expect(links).toEqual([
      { label: "All lines", href: `/funding/statements?account=${ACCOUNT}&from=2026-11-01`, current: true },
      { label: "Funding account", href: `/funding/statements?account=${ACCOUNT}&source=account&from=2026-11-01`, current: false },
      { label: "Card balances", href: `/funding/statements?account=${ACCOUNT}&source=card&from=2026-11-01`, current: false },
    ]);
    expect(tabsOf({ kind: "account", provider: "cardepass" }, `account=${ACCOUNT}&source=account`).links.map((link) => link.current)).toEqual([false, true, false]);
  });

  it("offers a card's statement its own ledger or the funding account's lines for it, as before", () => {
    const { links } = tabsOf({ kind: "card", provider: "cardepass", cardModel: "standard" }, `card=${CARD}&source=account&to=2026-11-30`);
    expect(links).toEqual([
      { label: "Card balance", href: `/funding/statements?card=${CARD}&to=2026-11-30`, current: false },
      { label: "Funding account lines for this card", href: `/funding/statements?card=${CARD}&source=account&to=2026-11-30`, current: true },
    ]);
    expect(tabsOf({ kind: "card", provider: "cardepass", cardModel: "standard" }, `card=${CARD}&source=card`).links.map((link) => link.current)).toEqual([true, false]);
  });

  it("opens a ShareBalance card's statement on the funding account's lines, and still offers its own ledger (UI review 47 L5)", () => {
    const shareBalance = { kind: "card", provider: "cardepass", cardModel: "sharebalance" } as const;
    expect(tabsOf(shareBalance, `card=${CARD}&from=2026-11-01`).links).toEqual([
      { label: "Card balance", href: `/funding/statements?card=${CARD}&source=card&from=2026-11-01`, current: false },
      { label: "Funding account lines for this card", href: `/funding/statements?card=${CARD}&from=2026-11-01`, current: true },
    ]);
    expect(tabsOf(shareBalance, `card=${CARD}&source=card`).links.map((link) => link.current)).toEqual([true, false]);
    expect(tabsOf(shareBalance, `card=${CARD}&source=account`).links.map((link) => link.current)).toEqual([false, true]);
  });

  it("is not offered where the provider keeps one ledger only (NobePay's history is per card)", () => {
    expect(tabsOf({ kind: "account", provider: "nobepay" }, `account=${ACCOUNT}`).html).toBe("");
    expect(tabsOf({ kind: "card", provider: "nobepay", cardModel: "prepaid" }, `card=${CARD}`).html).toBe("");
  });

  it("shows which tab is current to the eye as well as to a screen reader, and the keyboard focus", () => {
    const { html } = tabsOf({ kind: "account", provider: "cardepass" }, `account=${ACCOUNT}`);
    expect(html).toMatch(/aria-current="page" class="[^"]*border-primary/);
    expect(html).toContain("focus-visible:ring-[3px]");
  });
});
