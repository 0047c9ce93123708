import { describe, expect, it } from "vitest";
import { formatZoned, parseCalendarDate, parseProviderTime, TimeParseError } from "@/lib/time";

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

  it("moves a wall time a DST change skips forward by the gap, whichever way the zone's offset runs", () => {
    // New York skips 02:00–03:00 EST on 2024-03-10: 02:30 is read with EST (-5), i.e. as 03:30 EDT.
    expect(iso("2024-03-10 02:30:00", "America/New_York")).toBe("2024-03-10T07:30:00.000Z");
    expect(formatZoned(new Date("2024-03-10T07:30:00Z"), "America/New_York")).toBe("2024-03-10 03:30:00");
    expect(parseProviderTime("2024-03-10 02:30:00", "America/New_York")!.getTime()).toBeGreaterThan(parseProviderTime("2024-03-10 01:45:00", "America/New_York")!.getTime());
    // Berlin skips 02:00–03:00 CET on 2024-03-31: 02:30 is read with CET (+1), i.e. as 03:30 CEST.
    expect(iso("2024-03-31 02:30:00", "Europe/Berlin")).toBe("2024-03-31T01:30:00.000Z");
    expect(formatZoned(new Date("2024-03-31T01:30:00Z"), "Europe/Berlin")).toBe("2024-03-31 03:30:00");
  });

  it("reads a wall time a DST change repeats as its earlier instant, whichever way the zone's offset runs", () => {
    // New York repeats 01:00–02:00 on 2024-11-03: the first 01:30 is EDT (-4).
    expect(iso("2024-11-03 01:30:00", "America/New_York")).toBe("2024-11-03T05:30:00.000Z");
    // Sydney repeats 02:00–03:00 on 2024-04-07: the first 02:30 is AEDT (+11).
    expect(iso("2024-04-07 02:30:00", "Australia/Sydney")).toBe("2024-04-06T15:30:00.000Z");
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

describe("impossible provider times", () => {
  it("refuses wall-clock fields that would roll over into another day, zoned or naive", () => {
    for (const value of ["2025-02-30 10:00:00", "2025-02-30", "2025-04-31 08:00:00", "2025-01-01 10:60:00", "2025-01-01 10:00:60"]) {
      expect(() => parseProviderTime(value, "Asia/Shanghai"), value).toThrow(TimeParseError);
      expect(() => parseProviderTime(value, "Asia/Shanghai"), value).toThrow(/not a real time/);
    }
    for (const value of ["2025-01-15T24:30:00Z", "2025-02-29T10:00:00+08:00", "2025-01-15T10:61:00Z", "2025-01-15T10:30:00+08:75"]) {
      expect(() => parseProviderTime(value), value).toThrow(TimeParseError);
      expect(() => parseProviderTime(value), value).toThrow(/not a real time/);
    }
  });

  it("keeps the real edges: a leap day and the last instant of a day", () => {
    expect(iso("2024-02-29 23:59:59", "UTC")).toBe("2024-02-29T23:59:59.000Z");
    expect(iso("2024-02-29T23:59:59.999+08:00")).toBe("2024-02-29T15:59:59.999Z");
    expect(iso("2025-12-31T23:59:59Z")).toBe("2025-12-31T23:59:59.000Z");
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
