import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TransactionSyncFailing } from "./transaction-sync-failing";

const accounts = [
  { id: "a", label: "NobePay sandbox" },
  { id: "b", label: "Cardepass sandbox" },
];
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();

describe("the transactions list's notice of a provider it could not read", () => {
  it("names each account whose newest read failed, when, and the last read that worked", () => {
    const health = new Map([
      ["a", { lastSuccessAt: new Date("2026-12-05T03:10:00Z"), lastErrorAt: new Date("2026-12-05T03:29:00Z"), lastError: "HTTP 502" }],
      ["b", { lastSuccessAt: new Date("2026-12-05T03:30:00Z"), lastErrorAt: new Date("2026-12-05T03:20:00Z"), lastError: "HTTP 503" }],
    ]);
    expect(text(renderToStaticMarkup(createElement(TransactionSyncFailing, { accounts, health })))).toBe(
      "Reading new transactions from NobePay sandbox failed at 2026-12-05 03:29 UTC; the last read that worked was at 2026-12-05 03:10 UTC, so newer ones may be missing here. Cardhub keeps trying.",
    );
  });

  it("says nothing while every account's newest read worked", () => {
    const health = new Map([["a", { lastSuccessAt: new Date("2026-12-05T03:30:00Z"), lastErrorAt: new Date("2026-12-05T03:20:00Z"), lastError: "HTTP 502" }]]);
    expect(renderToStaticMarkup(createElement(TransactionSyncFailing, { accounts, health }))).toBe("");
  });
});
