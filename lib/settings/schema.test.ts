import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, organizationSettingsSchema, settingsFromStored } from "./schema";

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

describe("the numbers of Settings → General", () => {
  /** The first problem with one of the numbers, as the form and the server show it on the field, or null. */
  const problem = (patch: Record<string, unknown>, key: string) => {
    const parsed = organizationSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...patch });
    return parsed.success ? null : (parsed.error.issues.find((issue) => issue.path.join(".") === key)?.message ?? null);
  };
  const fields = [
    { key: "revealRateLimit.max", patch: (value: unknown) => ({ revealRateLimit: { max: value, windowMinutes: 10 } }), words: "Enter a whole number of reveals, e.g. 5." },
    { key: "revealRateLimit.windowMinutes", patch: (value: unknown) => ({ revealRateLimit: { max: 5, windowMinutes: value } }), words: "Enter a whole number of minutes, e.g. 10." },
    { key: "sessionIdleMinutes", patch: (value: unknown) => ({ sessionIdleMinutes: value }), words: "Enter a whole number of minutes, e.g. 30." },
  ];

  it("say in plain words, on their own field, that what was typed is not a whole number (never zod's \"expected number, received NaN\")", () => {
    for (const { key, patch, words } of fields) {
      // Letters reach the schema as NaN (the form's typedWholeNumber), or as text from any other caller.
      for (const value of [NaN, "abc", Infinity, 12.5, null]) expect(problem(patch(value), key), `${key} = ${String(value)}`).toBe(words);
    }
  });

  it("tell a number out of bounds its bound, however large", () => {
    expect(problem(fields[0]!.patch(0), "revealRateLimit.max")).toBe("Allow at least one reveal.");
    expect(problem(fields[0]!.patch(5e21), "revealRateLimit.max")).toBe("At most 100 reveals.");
    expect(problem(fields[1]!.patch(1441), "revealRateLimit.windowMinutes")).toBe("At most 1,440 minutes (a day).");
    expect(problem(fields[2]!.patch(4), "sessionIdleMinutes")).toBe("At least 5 minutes.");
  });
});
