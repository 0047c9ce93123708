import { describe, expect, it } from "vitest";
import { closedBalanceNote } from "./closed-balance";

const closedAt = new Date("2026-12-01T18:32:31Z");
const card = { status: "cancelled" as const, cardModel: "standard" as const, balance: 1664n, currency: "USD", closedAt };

describe("closedBalanceNote", () => {
  it("says in plain words how much the provider still holds on a cancelled card", () => {
    expect(closedBalanceNote(card, "Cardepass")).toBe("Cancelled on 2026-12-01 18:32 UTC · $16.64 still held by Cardepass (refunds after cancellation).");
  });

  it("says so for an expired card, and names what a negative balance owes", () => {
    expect(closedBalanceNote({ ...card, status: "expired" }, "NobePay")).toContain("Expired on 2026-12-01 18:32 UTC · $16.64 still held by NobePay");
    expect(closedBalanceNote({ ...card, balance: -250n }, "Cardepass")).toContain("owes Cardepass $2.50");
  });

  it("says nothing for an open card, a zero or unknown balance, or a ShareBalance card", () => {
    expect(closedBalanceNote({ ...card, status: "active" }, "Cardepass")).toBeNull();
    expect(closedBalanceNote({ ...card, status: "failed" }, "Cardepass")).toBeNull();
    expect(closedBalanceNote({ ...card, balance: 0n }, "Cardepass")).toBeNull();
    expect(closedBalanceNote({ ...card, balance: null }, "Cardepass")).toBeNull();
    expect(closedBalanceNote({ ...card, cardModel: "sharebalance" }, "Cardepass")).toBeNull();
  });
});
