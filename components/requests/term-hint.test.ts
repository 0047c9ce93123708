import { describe, expect, it } from "vitest";
import { termHint } from "./term-hint";

describe("an approver's hint under an amount", () => {
  it("says what was asked when it stands as asked", () => {
    expect(termHint("$900.00", "$900.00")).toBe("Asked: $900.00. Leave empty to approve as asked, or enter a lower amount.");
  });

  it("after an earlier approver lowered it, says both, and that leaving it empty approves the lowered figure", () => {
    expect(termHint("$700.00", "$900.00")).toBe("Asked: $900.00, lowered by an earlier approval to $700.00. Leave empty to approve $700.00, or enter a lower amount.");
  });
});
