import { describe, expect, it } from "vitest";
import { zeroIn } from "./issue-card-amounts";

describe("the issue form's amount placeholder", () => {
  it("shows the decimals the card's currency has: none for yen", () => {
    expect(zeroIn("USD")).toBe("0.00");
    expect(zeroIn("JPY")).toBe("0");
    expect(zeroIn("KWD")).toBe("0.000");
  });
});
