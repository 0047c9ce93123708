import { describe, expect, it } from "vitest";
import type { StoredBalance } from "@/db/queries/funding";
import { pickPayingBalance } from "./paying-balance";

const refreshedAt = new Date("2026-12-04T17:30:00Z");
const segment = (scope: string, available: bigint | null): StoredBalance => ({ providerAccountId: "a", scope, currency: "USD", label: `${scope} VISA USD`, available, frozen: null, total: null, refreshedAt });

describe("pickPayingBalance", () => {
  it("tells a NobePay segment reported without a balance apart from one never refreshed", () => {
    // nobepay.md: a segment's "accountBalance" may be null; Funding says "Not reported by the provider", and the issue
    // form must not say "Not refreshed yet" of a source a refresh has just read.
    const balances = [segment("404038", null), segment("531993", 250_00n)];
    expect(pickPayingBalance(balances, { provider: "nobepay", productId: "404038", currency: "USD" })).toEqual({ label: "404038 VISA USD", currency: "USD", available: null, refreshedAt: refreshedAt.toISOString() });
    expect(pickPayingBalance(balances, { provider: "nobepay", productId: "531993", currency: "USD" })?.available).toBe("25000");
    expect(pickPayingBalance(balances, { provider: "nobepay", productId: "999999", currency: "USD" })).toBeNull();
  });
});
