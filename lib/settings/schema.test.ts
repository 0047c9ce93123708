import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, settingsFromStored } from "./schema";

describe("settingsFromStored", () => {
  it("fills every missing key with its default", () => {
    expect(settingsFromStored(null)).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromStored({ sessionIdleMinutes: 45 })).toEqual({ ...DEFAULT_SETTINGS, sessionIdleMinutes: 45 });
  });

  it("falls back key by key when a stored value no longer validates, keeping the valid ones", () => {
    expect(settingsFromStored({ sessionIdleMinutes: 1, twoFactorRequiredRoles: ["finance", "finance"] })).toEqual({
      ...DEFAULT_SETTINGS,
      twoFactorRequiredRoles: ["finance"],
    });
  });

  it("leaves out only a stored low-balance threshold that no longer validates", () => {
    const usd = { providerAccountId: "00000000-0000-4000-8000-000000000001", currency: "USD", amountMinor: "100" };
    const typo = { ...usd, currency: "USS" };
    expect(settingsFromStored({ sessionIdleMinutes: 45, lowBalanceThresholds: [typo, usd] })).toEqual({ ...DEFAULT_SETTINGS, sessionIdleMinutes: 45, lowBalanceThresholds: [usd] });
  });
});
