import { describe, expect, it } from "vitest";
import { listResultText } from "./result-text";

const cards = { one: "card", many: "cards" };

describe("listResultText", () => {
  it("says plainly that nothing is left to show", () => {
    expect(listResultText(0, cards, false)).toBe("No cards to show.");
  });

  it("counts what is shown, in the singular for one, and says when more pages follow", () => {
    expect(listResultText(1, cards, false)).toBe("1 card shown.");
    expect(listResultText(50, cards, true)).toBe("50 cards shown, more on the next page.");
  });
});
