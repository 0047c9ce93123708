import { describe, expect, it } from "vitest";
import { declinePercent, declineRateText, declinesCounted } from "./decline-rate";

describe("declineRateText", () => {
  it("groups thousands, so millions of attempts read as a sentence", () => {
    expect(declineRateText({ attempts: 4_788_662, declined: 99_764, otherDeclined: 0 })).toBe("99,764 of 4,788,662 purchases declined (2.1%)");
  });

  it("says one purchase, and nothing attempted without a percentage", () => {
    expect(declineRateText({ attempts: 1, declined: 1, otherDeclined: 0 })).toBe("1 of 1 purchase declined (100.0%)");
    expect(declineRateText({ attempts: 0, declined: 0, otherDeclined: 0 })).toBe("No purchases attempted");
    expect(declinePercent({ attempts: 0, declined: 0, otherDeclined: 0 })).toBe("—");
  });

  it("names the declined rows that are no purchase apart, leaving the rate a purchase rate", () => {
    const rate = { attempts: 2, declined: 1, otherDeclined: 1 };
    expect(declineRateText(rate)).toBe("1 of 2 purchases declined (50.0%); 1 other transaction declined");
    expect(declinePercent(rate)).toBe("50.0%");
    expect(declinesCounted(rate)).toBe(2);
    expect(declineRateText({ attempts: 0, declined: 0, otherDeclined: 1_200 })).toBe("No purchases attempted; 1,200 other transactions declined");
  });
});
