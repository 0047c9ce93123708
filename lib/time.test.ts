import { describe, expect, it } from "vitest";
import { formatZoned, parseCalendarDate, parseProviderTime } from "@/lib/time";

const iso = (value: unknown, tz?: string) => parseProviderTime(value, tz)?.toISOString() ?? null;

describe("parseProviderTime", () => {
  it("reads Z and offset ISO times (Cardepass)", () => {
    expect(iso("2025-04-23T03:13:17.668Z")).toBe("2025-04-23T03:13:17.668Z");
    expect(iso("2025-04-23T11:13:17.6917032+08:00")).toBe("2025-04-23T03:13:17.691Z");
    expect(iso("2025-04-21T19:12:01.04712+08:00")).toBe("2025-04-21T11:12:01.047Z");
    expect(iso("2025-04-23T04:04:27.2295925Z")).toBe("2025-04-23T04:04:27.229Z");
    expect(iso("2025-01-15T10:30:00Z")).toBe("2025-01-15T10:30:00.000Z");
    expect(iso("2025-01-15T10:30:00-0530")).toBe("2025-01-15T16:00:00.000Z");
  });

  it("reads epoch milliseconds as numbers or digit strings (NobePay)", () => {
    expect(iso(1646648710000)).toBe("2022-03-07T10:25:10.000Z");
    expect(iso("1646648710000")).toBe("2022-03-07T10:25:10.000Z");
  });

  it("reads naive wall-clock times in the given zone (cardopenapi)", () => {
    expect(iso("2023-11-24 02:53:47", "Asia/Shanghai")).toBe("2023-11-23T18:53:47.000Z");
    expect(iso("2023-11-24 02:53:47", "UTC")).toBe("2023-11-24T02:53:47.000Z");
    // DST: New York is UTC-4 in July, UTC-5 in January.
    expect(iso("2024-07-01 12:00:00", "America/New_York")).toBe("2024-07-01T16:00:00.000Z");
    expect(iso("2024-01-01 12:00:00", "America/New_York")).toBe("2024-01-01T17:00:00.000Z");
  });

  it("treats empty values as none", () => {
    expect(iso("")).toBeNull();
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });

  it("rejects garbage", () => {
    expect(() => parseProviderTime("yesterday")).toThrow(/not a valid time/);
    expect(() => parseProviderTime("2023-13-01 00:00:00")).toThrow();
    expect(() => parseProviderTime(1.5)).toThrow();
    expect(() => parseProviderTime({})).toThrow();
  });
});

describe("dates", () => {
  it("validates calendar dates", () => {
    expect(parseCalendarDate("2025-02-28")).toBe("2025-02-28");
    expect(() => parseCalendarDate("2025-02-30")).toThrow(/real date/);
    expect(() => parseCalendarDate("25-02-01")).toThrow(/YYYY-MM-DD/);
  });
  it("formats wall-clock times in a zone", () => {
    expect(formatZoned(new Date("2023-11-23T18:53:47Z"), "Asia/Shanghai")).toBe("2023-11-24 02:53:47");
  });
});
