import { describe, expect, it } from "vitest";
import { parseOverviewSearch } from "./overview-search";

describe("parseOverviewSearch", () => {
  it("defaults to 30 days by provider", () => {
    expect(parseOverviewSearch({})).toEqual({ range: 30, split: "provider", ignored: [] });
  });
  it("accepts 90 days by team", () => {
    expect(parseOverviewSearch({ range: "90", split: "team" })).toEqual({ range: 90, split: "team", ignored: [] });
  });
  it("ignores anything else and says so", () => {
    const search = parseOverviewSearch({ range: "365", split: ["card", "team"] });
    expect(search.range).toBe(30);
    expect(search.split).toBe("provider");
    expect(search.ignored).toHaveLength(2);
  });
});
