import { describe, expect, it } from "vitest";
import { formatZoned, parseProviderTime } from "@/lib/time";
import { readAgainInZone } from "./read-again-in-zone";

const read = (text: string, zone: string) => parseProviderTime(text, zone)!;

describe("readAgainInZone", () => {
  it("moves a time read in the wrong zone to the instant the provider's wall-clock time names in the right one", () => {
    // cardopenapi.md's example time, stored under Asia/Shanghai, for a provider that writes UTC.
    expect(readAgainInZone(new Date("2023-11-23T18:53:47Z"), "Asia/Shanghai", "UTC").toISOString()).toBe("2023-11-24T02:53:47.000Z");
    expect(readAgainInZone(new Date("2023-11-24T02:53:47Z"), "UTC", "Asia/Shanghai").toISOString()).toBe("2023-11-23T18:53:47.000Z");
  });

  it("agrees with reading the provider's text again in the new zone, across DST changes and a whole year of hours", () => {
    const texts = [
      "2024-11-03 01:30:00", // New York repeats 01:00–02:00: the earlier instant, as the adapters read it
      "2024-11-03 00:59:59",
      "2024-11-03 02:00:00",
      "2024-03-10 01:59:59",
      "2024-03-10 03:00:00",
      "2024-04-07 02:30:00", // Sydney repeats 02:00–03:00
      "2024-10-06 01:30:00",
      "2024-02-29 23:59:59",
    ];
    for (let hour = 0; hour < 365 * 24; hour += 53) texts.push(new Date(Date.UTC(2024, 0, 1) + hour * 3_600_000).toISOString().slice(0, 19).replace("T", " "));
    const zones = ["UTC", "Asia/Shanghai", "America/New_York", "Australia/Sydney", "Etc/GMT-14", "Asia/Kolkata"];
    for (const text of texts)
      for (const from of zones)
        for (const to of zones) {
          // A wall time the old zone skips was stored as the time after the gap: its own text is gone (below).
          if (formatZoned(read(text, from), from) !== text) continue;
          expect(readAgainInZone(read(text, from), from, to).toISOString(), `${text} ${from} → ${to}`).toBe(read(text, to).toISOString());
        }
  });

  it("takes the earlier instant of an hour the new zone repeats, where PostgreSQL's AT TIME ZONE takes the later one", () => {
    expect(readAgainInZone(new Date("2024-11-03T01:30:00Z"), "UTC", "America/New_York").toISOString()).toBe("2024-11-03T05:30:00.000Z");
  });

  it("reads a time stored in an hour the old zone skipped as the time after the gap, which is what was stored", () => {
    // "2024-03-10 02:30:00" under New York was stored as 07:30Z, which New York's clock shows as 03:30.
    expect(readAgainInZone(read("2024-03-10 02:30:00", "America/New_York"), "America/New_York", "UTC").toISOString()).toBe("2024-03-10T03:30:00.000Z");
  });

  it("keeps milliseconds, and the same zone changes nothing", () => {
    expect(readAgainInZone(new Date("2026-03-01T02:30:00.250Z"), "UTC", "Asia/Shanghai").toISOString()).toBe("2026-02-28T18:30:00.250Z");
    expect(readAgainInZone(new Date("2026-03-01T02:30:00.007Z"), "Asia/Shanghai", "Asia/Shanghai").toISOString()).toBe("2026-03-01T02:30:00.007Z");
  });
});
