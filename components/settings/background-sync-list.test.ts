import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { BackgroundSyncList } from "./background-sync-list";

const read = (kind: BackgroundSyncHealth["kind"]): BackgroundSyncHealth => ({
  accountId: "a",
  kind,
  lastSuccessAt: new Date(Date.UTC(2026, 11, 2, 11, 40)),
  lastErrorAt: null,
  lastError: null,
});

describe("an account's other reads on Settings → Provider accounts", () => {
  it("leaves out a statements read for Card OPEN-API, which provides no statement", () => {
    const html = renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardopenapi", reads: [read("transactions"), read("statements"), read("products")] }));
    expect(html).toContain("Transactions:");
    expect(html).toContain("Products:");
    expect(html).not.toContain("Statements:");
  });

  it("shows it for a provider that keeps one", () => {
    const html = renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardepass", reads: [read("statements")] }));
    expect(html).toContain("Statements:</span> read 2026-12-02 11:40 UTC");
  });
});
