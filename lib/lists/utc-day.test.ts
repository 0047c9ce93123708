import { describe, expect, it } from "vitest";
import { utcDayParam, utcDayProblem } from "./utc-day";

describe("list days", () => {
  it("accepts real days from 1970 to 2999 and says why anything else is refused", () => {
    expect(["1970-01-01", "2024-02-29", "2999-12-31"].map(utcDayProblem)).toEqual([null, null, null]);
    expect(["1969-12-31", "3000-01-01", "0000-01-01", "9999-12-31"].map(utcDayProblem)).toEqual(["outOfRange", "outOfRange", "outOfRange", "outOfRange"]);
    expect(["2025-02-29", "2025-13-01", "2025-1-01", "2025-01-01T00:00"].map(utcDayProblem)).toEqual(["notReal", "notReal", "format", "format"]);
  });

  it("refuses in the words every list uses for the problem, naming the field", () => {
    const day = utcDayParam("From");
    expect(day.safeParse(" 2026-01-31 ")).toEqual({ success: true, data: "2026-01-31" });
    const message = (value: string) => day.safeParse(value).error?.issues.map((issue) => issue.message);
    expect(message("0000-01-01")).toEqual(["From must be between 1970 and 2999; it was ignored."]);
    expect(message("2026-02-30")).toEqual(["From is not a real date; it was ignored."]);
    expect(message("31.12.2026")).toEqual(["From must be a date like 2026-01-31; it was ignored."]);
  });
});
