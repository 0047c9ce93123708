import { describe, expect, it } from "vitest";
import { BUSY_CARD_LIMIT_MS, busyCardVerdict } from "./busy-card";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms);
const open = (type: "topup" | "withdraw" | "limits" | "cancel" | "freeze", createdMsAgo: number, nextCheckAt: Date | null = new Date(NOW + 5_000)) => ({
  type,
  createdAt: ago(createdMsAgo),
  nextCheckAt,
});

describe("busyCardVerdict", () => {
  it("lets a request through on a card with no open change", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [], NOW)).toBeNull();
  });

  it("waits for an open change until the soonest of their next checks (null when one is due now)", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("withdraw", 1_000, new Date(NOW + 9_000)), open("limits", 1_000, new Date(NOW + 4_000))], NOW)).toEqual({
      wait: { nextCheckAt: new Date(NOW + 4_000) },
    });
    expect(busyCardVerdict("unfreeze", { status: "frozen" }, [open("freeze", 1_000, null)], NOW)).toEqual({ wait: { nextCheckAt: null } });
  });

  it("fails while the card is being cancelled, by an open order or as the provider reports it", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("cancel", 1_000)], NOW)).toEqual({ fail: "The card is being cancelled, so this top-up was not made." });
    expect(busyCardVerdict("limit_increase", { status: "cancelling" }, [], NOW)).toEqual({ fail: "The card is being cancelled, so this limit increase was not made." });
  });

  it("leaves a closed card to the claim, which withdraws the request", () => {
    expect(busyCardVerdict("top_up", { status: "cancelled" }, [open("topup", 1_000)], NOW)).toBeNull();
  });

  it("fails once the oldest open change has been open for the bound, and not a moment before", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("topup", BUSY_CARD_LIMIT_MS - 1)], NOW)).toHaveProperty("wait");
    expect(busyCardVerdict("activate", { status: "inactive" }, [open("topup", 1_000), open("withdraw", BUSY_CARD_LIMIT_MS)], NOW)).toEqual({
      fail: "Another change to this card was still not finished after 24 hours, so the card was not activated. Finance can retry this request once that change has ended.",
    });
  });
});
