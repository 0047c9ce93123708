import { describe, expect, it } from "vitest";
import { usagePercent } from "./usage-percent";

describe("usagePercent", () => {
  it("is the clamped whole percent of a limit, null without a limit", () => {
    expect(usagePercent(2500n, 10000n)).toBe(25);
    expect(usagePercent(null, 10000n)).toBe(0);
    expect(usagePercent(20000n, 10000n)).toBe(100);
    expect(usagePercent(1n, 3n)).toBe(33);
    expect(usagePercent(100n, null)).toBeNull();
    expect(usagePercent(100n, 0n)).toBeNull();
  });
});
