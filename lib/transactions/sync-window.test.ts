import { describe, expect, it } from "vitest";
import { INITIAL_BACKFILL_DAYS, OPEN_AUTHORISATION_LOOKBACK_DAYS, addDays, latestLocalDate, sweepStart } from "./sync-window";

const now = new Date("2026-11-30T10:00:00Z");

describe("sweepStart", () => {
  it("reaches the full initial backfill on an account never pulled, even when a webhook brought an open authorisation first", () => {
    expect(sweepStart({ now, lastSeenAt: null, oldestOpenAuthorisation: new Date("2026-11-29T07:55:00Z") })).toBe(addDays("2026-11-30", -INITIAL_BACKFILL_DAYS));
  });

  it("starts two days before the earlier of the last transaction seen and the oldest open authorisation", () => {
    expect(sweepStart({ now, lastSeenAt: new Date("2026-11-30T09:00:00Z"), oldestOpenAuthorisation: new Date("2026-11-20T09:00:00Z") })).toBe("2026-11-18");
    expect(sweepStart({ now, lastSeenAt: new Date("2026-10-01T09:00:00Z"), oldestOpenAuthorisation: null })).toBe("2026-09-29");
  });

  it("lets an open authorisation pull the start back only while it is recent: one older than the look-back is stale", () => {
    const lastSeenAt = new Date("2026-11-30T09:00:00Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    expect(sweepStart({ now, lastSeenAt, oldestOpenAuthorisation: daysAgo(700) })).toBe("2026-11-28");
    expect(sweepStart({ now, lastSeenAt, oldestOpenAuthorisation: daysAgo(OPEN_AUTHORISATION_LOOKBACK_DAYS + 1) })).toBe("2026-11-28");
    expect(sweepStart({ now, lastSeenAt, oldestOpenAuthorisation: daysAgo(OPEN_AUTHORISATION_LOOKBACK_DAYS) })).toBe(
      addDays("2026-11-30", -OPEN_AUTHORISATION_LOOKBACK_DAYS - 2),
    );
  });
});

describe("latestLocalDate", () => {
  it("is the provider's today whatever its zone: past 16:00 UTC it is already tomorrow in Shanghai (UTC+8)", () => {
    expect(latestLocalDate(new Date("2026-11-30T09:59:59Z"))).toBe("2026-11-30");
    expect(latestLocalDate(new Date("2026-11-30T10:00:00Z"))).toBe("2026-12-01");
    expect(latestLocalDate(new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01");
  });
});
