import { describe, expect, it } from "vitest";
import { declinePercent, declineRateText } from "./decline-rate";

describe("declineRateText", () => {
  it("groups thousands, so millions of attempts read as a sentence", () => {
    expect(declineRateText({ attempts: 4_788_662, declined: 99_764 })).toBe("99,764 of 4,788,662 purchases declined (2.1%)");
  });

  it("says one purchase, and nothing attempted without a percentage", () => {
    expect(declineRateText({ attempts: 1, declined: 1 })).toBe("1 of 1 purchase declined (100.0%)");
    expect(declineRateText({ attempts: 0, declined: 0 })).toBe("No purchases attempted");
    expect(declinePercent({ attempts: 0, declined: 0 })).toBe("—");
  });
});
