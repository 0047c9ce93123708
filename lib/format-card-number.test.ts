import { describe, expect, it } from "vitest";
import { formatExpiry, formatMaskedNumber } from "./format-card-number";

describe("formatMaskedNumber", () => {
  it("groups first six and last four with the middle masked", () => {
    expect(formatMaskedNumber("411111******1234")).toBe("4111 11•• •••• 1234");
    expect(formatMaskedNumber("4111 11** **** 1234")).toBe("4111 11•• •••• 1234");
    expect(formatMaskedNumber("411111xxxxxx1234")).toBe("4111 11•• •••• 1234");
  });

  it("never shows more than the last four of anything that is not a masked number", () => {
    expect(formatMaskedNumber("4111111111111234")).toBe("•••• 1234");
    expect(formatMaskedNumber(null, "9876")).toBe("•••• 9876");
    expect(formatMaskedNumber(null, null)).toBe("Number not assigned yet");
    expect(formatMaskedNumber(null, null, "pending")).toBe("Number not assigned yet");
    expect(formatMaskedNumber(null, null, "failed")).toBe("No card number: never issued");
  });
});

describe("formatExpiry", () => {
  it("formats expiry as MM/YY, or null when unknown", () => {
    expect(formatExpiry(3, 2027)).toBe("03/27");
    expect(formatExpiry(null, 2027)).toBeNull();
  });
});
