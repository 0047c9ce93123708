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
});
