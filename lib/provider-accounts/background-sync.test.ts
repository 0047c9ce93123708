import { describe, expect, it } from "vitest";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { backgroundSyncOf, failingBackgroundSync, isFailing } from "./background-sync";

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
});
