import { describe, expect, it } from "vitest";
import type { AccountLog } from "@/lib/providers";
import { historyTypeFor, matchHistory } from "./card-history";

const entry = (type: string, cents: bigint, at: string): AccountLog => ({
  provider: "nobepay",
  providerLogId: `c_1:${type}:${at}`,
  providerCardId: "c_1",
  providerOrderId: null,
  type,
  direction: type === "WITHDRAW_CARD" ? "out" : "in",
  amount: { amount: type === "WITHDRAW_CARD" ? -cents : cents, currency: "USD" },
  fee: null,
  feeItems: [],
  total: null,
  status: null,
  note: null,
  occurredAt: new Date(at),
  completedAt: new Date(at),
  availableAfter: null,
  blockedAfter: null,
});

// Newest first, as card/order/list answers.
const HISTORY = [
  entry("TOPUP_CARD", 500n, "2026-11-30T10:05:00Z"),
  entry("WITHDRAW_CARD", 900n, "2026-11-30T10:04:00Z"),
  entry("TOPUP_CARD", 500n, "2026-11-30T10:03:00Z"),
  entry("TOPUP_CARD", 1500n, "2026-11-30T10:02:00Z"),
  entry("CREATE_CARD", 1000n, "2026-11-30T10:00:00Z"),
  entry("TOPUP_CARD", 500n, "2026-11-29T08:00:00Z"),
];
const since = new Date("2026-11-30T09:55:00Z");

describe("matching a lost NobePay request against the card's history", () => {
  it("names the provider's entry types for top-ups and withdrawals only (nobepay.md card/order/list)", () => {
    expect(historyTypeFor("nobepay", "topup")).toBe("TOPUP_CARD");
    expect(historyTypeFor("nobepay", "withdraw")).toBe("WITHDRAW_CARD");
    expect(historyTypeFor("nobepay", "issue")).toBeNull();
    expect(historyTypeFor("cardepass", "topup")).toBeNull();
  });

  it("takes the first entry of the type and amount not already accounted for by a completed order", () => {
    expect(matchHistory({ entries: HISTORY, historyType: "TOPUP_CARD", amount: 500n, since, alreadyCompleted: 0 })?.occurredAt?.toISOString()).toBe("2026-11-30T10:03:00.000Z");
    expect(matchHistory({ entries: HISTORY, historyType: "TOPUP_CARD", amount: 500n, since, alreadyCompleted: 1 })?.occurredAt?.toISOString()).toBe("2026-11-30T10:05:00.000Z");
  });

  it("finds nothing when every matching entry belongs to an order already completed", () => {
    expect(matchHistory({ entries: HISTORY, historyType: "TOPUP_CARD", amount: 500n, since, alreadyCompleted: 2 })).toBeNull();
    expect(matchHistory({ entries: HISTORY, historyType: "TOPUP_CARD", amount: 700n, since, alreadyCompleted: 0 })).toBeNull();
  });

  it("ignores entries from before the card was known to Cardhub and compares withdrawals by their size", () => {
    expect(matchHistory({ entries: HISTORY, historyType: "TOPUP_CARD", amount: 500n, since: new Date("2026-11-29T00:00:00Z"), alreadyCompleted: 0 })?.occurredAt?.toISOString()).toBe(
      "2026-11-29T08:00:00.000Z",
    );
    expect(matchHistory({ entries: HISTORY, historyType: "WITHDRAW_CARD", amount: 900n, since, alreadyCompleted: 0 })?.type).toBe("WITHDRAW_CARD");
  });
});
