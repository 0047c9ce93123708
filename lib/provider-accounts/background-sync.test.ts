import { describe, expect, it } from "vitest";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { CAPABILITIES } from "@/lib/providers";
import { backgroundSyncOf, failingBackgroundSync, isFailing, readsOffered } from "./background-sync";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
const row = (kind: BackgroundSyncHealth["kind"], success: number | null, error: number | null, accountId = "a"): BackgroundSyncHealth => ({
  accountId,
  kind,
  lastSuccessAt: success === null ? null : at(success),
  lastErrorAt: error === null ? null : at(error),
  lastError: error === null ? null : "the provider said no",
});

describe("background sync health", () => {
  it("fails when the newest attempt is an error", () => {
    expect(isFailing(row("funding", 1, 2))).toBe(true);
    expect(isFailing(row("funding", null, 2))).toBe(true);
    expect(isFailing(row("funding", 3, 2))).toBe(false);
    expect(isFailing(row("funding", 3, null))).toBe(false);
    expect(isFailing(row("funding", null, null))).toBe(false);
  });

  it("lists one account's reads in a fixed order and picks the failing ones", () => {
    const rows = [row("products", 1, 2), row("transactions", 5, 1), row("statements", null, 4), row("funding", 1, null, "b")];
    expect(backgroundSyncOf(rows, "a").map((health) => health.kind)).toEqual(["transactions", "statements", "products"]);
    expect(failingBackgroundSync(rows, "a").map((health) => health.kind)).toEqual(["statements", "products"]);
    expect(failingBackgroundSync(rows, "b")).toEqual([]);
  });

  it("lists only the reads the account's provider offers, whatever the jobs recorded", () => {
    // The statements job records a read with nothing for Card OPEN-API, which keeps no statement and sends no webhooks.
    const rows = (["transactions", "transactions.deep", "webhooks", "funding", "statements", "products"] as const).map((kind) => row(kind, 1, null));
    expect(readsOffered(rows, CAPABILITIES.cardopenapi).map((health) => health.kind)).toEqual(["transactions", "transactions.deep", "funding", "products"]);
    expect(readsOffered(rows, CAPABILITIES.cardepass).map((health) => health.kind)).toEqual(["transactions", "transactions.deep", "funding", "statements", "products"]);
    expect(readsOffered(rows, CAPABILITIES.nobepay).map((health) => health.kind)).toEqual(["transactions", "transactions.deep", "webhooks", "funding", "statements", "products"]);
  });
});
