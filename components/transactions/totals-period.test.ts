import { describe, expect, it } from "vitest";
import { totalsPeriodText } from "./totals-period";

describe("totalsPeriodText", () => {
  it("says a total without date filters covers all time, so it is not read as this month's or the overview's 30 days", () => {
    expect(totalsPeriodText({})).toBe("all time");
  });

  it("names the filtered days, which are whole UTC days", () => {
    expect(totalsPeriodText({ from: "2026-11-01", to: "2026-11-30" })).toBe("2026-11-01 to 2026-11-30 (UTC)");
    expect(totalsPeriodText({ from: "2026-11-05", to: "2026-11-05" })).toBe("2026-11-05 (UTC)");
    expect(totalsPeriodText({ from: "2026-11-01" })).toBe("since 2026-11-01 (UTC)");
    expect(totalsPeriodText({ to: "2026-11-30" })).toBe("up to 2026-11-30 (UTC)");
  });
});
