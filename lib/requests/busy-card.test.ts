import { describe, expect, it } from "vitest";
import { BUSY_CARD_LIMIT_MS, busyCardVerdict } from "./busy-card";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms);
const open = (type: "topup" | "withdraw" | "limits" | "cancel" | "freeze", nextCheckAt: Date | null = new Date(NOW + 5_000)) => ({ type, nextCheckAt });

describe("busyCardVerdict", () => {
  it("lets a request through on a card with no open change", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [], null, NOW)).toBeNull();
  });

  it("waits for an open change until the soonest of their next checks (null when one is due now)", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("withdraw", new Date(NOW + 9_000)), open("limits", new Date(NOW + 4_000))], null, NOW)).toEqual({
      wait: { nextCheckAt: new Date(NOW + 4_000) },
    });
    expect(busyCardVerdict("unfreeze", { status: "frozen" }, [open("freeze", null)], null, NOW)).toEqual({ wait: { nextCheckAt: null } });
  });

  it("fails while the card is being cancelled, by an open order or as the provider reports it", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("cancel")], null, NOW)).toEqual({ fail: "The card is being cancelled, so this top-up was not made." });
    expect(busyCardVerdict("limit_increase", { status: "cancelling" }, [], null, NOW)).toEqual({ fail: "The card is being cancelled, so this limit increase was not made." });
  });

  it("leaves a closed card to the claim, which withdraws the request", () => {
    expect(busyCardVerdict("top_up", { status: "cancelled" }, [open("topup")], null, NOW)).toBeNull();
  });

  it("fails once the request has waited for the bound, and not a moment before, however old the other change is", () => {
    expect(busyCardVerdict("top_up", { status: "active" }, [open("topup")], ago(BUSY_CARD_LIMIT_MS - 1), NOW)).toHaveProperty("wait");
    // The other change's own age does not count: a request meeting a change open for days has only begun to wait.
    expect(busyCardVerdict("top_up", { status: "active" }, [open("topup")], null, NOW)).toHaveProperty("wait");
    expect(busyCardVerdict("top_up", { status: "active" }, [open("topup")], ago(1_000), NOW)).toHaveProperty("wait");
    expect(busyCardVerdict("activate", { status: "inactive" }, [open("topup"), open("withdraw")], ago(BUSY_CARD_LIMIT_MS), NOW)).toEqual({
      fail: "This request waited 24 hours for another change to this card to finish, so the card was not activated. Finance can retry this request once that change has ended.",
    });
  });
});
