import { describe, expect, it } from "vitest";
import { teamSummaryText } from "./team-summary";

describe("a team's summary line", () => {
  it("counts and names only people who can act: a deactivated member or manager is set apart", () => {
    expect(teamSummaryText([])).toBe("0 members · managed by nobody yet");
    expect(teamSummaryText([{ name: "Omar", manager: true, active: true }, { name: "Eli", manager: false, active: true }])).toBe("2 members · managed by Omar");
    expect(
      teamSummaryText([
        { name: "Omar", manager: true, active: true },
        { name: "Quinn", manager: true, active: false },
        { name: "Eli", manager: false, active: true },
      ]),
    ).toBe("2 members (and 1 deactivated) · managed by Omar");
    expect(teamSummaryText([{ name: "Quinn", manager: true, active: false }])).toBe("0 members (and 1 deactivated) · managed by nobody yet");
  });
});
