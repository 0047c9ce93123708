import { describe, expect, it, vi } from "vitest";
import type { GeneralSettingsTyped } from "./general-settings-submit";

// The form's checks never call the action; loading it needs none of the server behind it.
vi.mock("@/lib/actions/settings/update-settings", () => ({ updateSettingsAction: async () => ({ ok: true, data: null }) }));
const { checkGeneralSettings, savedMessage, typedWholeNumber } = await import("./general-settings-submit");

const ACCOUNT_ID = "0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const typed = (patch: Partial<GeneralSettingsTyped>): GeneralSettingsTyped => ({ revealMax: "5", revealWindow: "10", idle: "30", roles: ["admin"], rows: [], ...patch });

describe("Settings → General's checks before anything is sent", () => {
  it("sends what was typed, as numbers, when every field is fine", () => {
    const { input, problems } = checkGeneralSettings(typed({ revealMax: " 7 ", rows: [{ providerAccountId: ACCOUNT_ID, currency: "usd", amount: "500" }] }));
    expect(problems).toEqual({});
    expect(input).toEqual({
      revealRateLimit: { max: 7, windowMinutes: 10 },
      sessionIdleMinutes: 30,
      twoFactorRequiredRoles: ["admin"],
      lowBalanceThresholds: [{ providerAccountId: ACCOUNT_ID, currency: "USD", amountMinor: "50000" }],
    });
  });

  it("says, on each number's own field and in its words, that letters are not a whole number", () => {
    const { problems } = checkGeneralSettings(typed({ revealMax: "five", revealWindow: "ten", idle: "half an hour" }));
    expect(problems).toEqual({
      "revealRateLimit.max": "Enter a whole number of reveals, e.g. 5.",
      "revealRateLimit.windowMinutes": "Enter a whole number of minutes, e.g. 10.",
      sessionIdleMinutes: "Enter a whole number of minutes, e.g. 30.",
    });
    expect(Object.values(problems).join(" ")).not.toMatch(/Invalid input|NaN/);
  });

  it("does not read an empty field as 0, nor 1e1 as 10 or 0x10 as 16, as Number() would", () => {
    for (const text of ["", "  ", "1e1", "0x10", "2.5", "5 reveals"]) {
      expect(typedWholeNumber(text), JSON.stringify(text)).toBeNaN();
      expect(checkGeneralSettings(typed({ revealMax: text })).problems, JSON.stringify(text)).toEqual({ "revealRateLimit.max": "Enter a whole number of reveals, e.g. 5." });
    }
    // A sign is read, so a number below the bound is told the bound.
    expect(checkGeneralSettings(typed({ revealMax: "-3" })).problems).toEqual({ "revealRateLimit.max": "Allow at least one reveal." });
  });

  it("reports every problem at once, the thresholds' amounts with the numbers", () => {
    const { problems } = checkGeneralSettings(typed({ idle: "x", rows: [{ providerAccountId: ACCOUNT_ID, currency: "USD", amount: "1,500" }] }));
    expect(problems).toEqual({ sessionIdleMinutes: "Enter a whole number of minutes, e.g. 30.", "lowBalanceThresholds.0.amountMinor": "Leave out the thousands separators: 1500." });
  });
});

describe("two low-balance alerts for one account and currency", () => {
  it("are refused on the row that repeats the first, on its currency field, which the form marks", () => {
    const rows = [
      { providerAccountId: ACCOUNT_ID, currency: "USD", amount: "500" },
      { providerAccountId: ACCOUNT_ID, currency: "EUR", amount: "100" },
      { providerAccountId: ACCOUNT_ID, currency: "usd", amount: "250" },
    ];
    expect(checkGeneralSettings(typed({ rows })).problems).toEqual({ "lowBalanceThresholds.2.currency": "Row 1 already alerts on this account in USD: keep one of the two." });
  });
});

describe("what a save that went through says", () => {
  it("calls it saved only when the server changed a setting", () => {
    expect(savedMessage(["sessionIdleMinutes"])).toBe("Settings saved. They apply from the next request; no restart is needed.");
    expect(savedMessage([])).toBe("Nothing to save: no setting changed.");
  });
});
