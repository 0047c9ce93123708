import { describe, expect, it } from "vitest";
import { AWAY_AFTER_MS, isPresent, refreshDecision } from "./presence";

describe("self-refreshing pages and the idle timeout", () => {
  it("count the person present until the shortest idle timeout passes without input", () => {
    expect(isPresent(0, AWAY_AFTER_MS - 1)).toBe(true);
    expect(isPresent(0, AWAY_AFTER_MS)).toBe(false);
  });

  it("refresh on new data only while the person is present, and once they are back", () => {
    const start = { seen: "v1", pending: false };
    expect(refreshDecision(start, "v1", true)).toEqual({ seen: "v1", pending: false, refresh: false });
    expect(refreshDecision(start, "v2", true)).toEqual({ seen: "v2", pending: false, refresh: true });
    // Away: the change is remembered, not fetched.
    const away = refreshDecision(start, "v2", false);
    expect(away).toEqual({ seen: "v2", pending: true, refresh: false });
    expect(refreshDecision(away, "v2", false)).toEqual({ seen: "v2", pending: true, refresh: false });
    // Back (same data): the remembered change is shown now.
    expect(refreshDecision(away, "v2", true)).toEqual({ seen: "v2", pending: false, refresh: true });
    expect(refreshDecision(away, undefined, true)).toEqual({ seen: "v2", pending: false, refresh: true });
  });
});
