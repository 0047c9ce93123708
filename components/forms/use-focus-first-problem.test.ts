import { describe, expect, it } from "vitest";
import { firstProblemId, type ProblemTarget } from "./use-focus-first-problem";

const FIELDS: ProblemTarget[] = [
  ["current", "current-password"],
  ["password", "new-password"],
  ["confirm", "confirm-password"],
];
const alert = { id: "change-password-failure", shown: true };

describe("where focus goes after a failed submit", () => {
  it("is the first field with a problem in the form's order, not in the order the problems were found", () => {
    expect(firstProblemId(FIELDS, { confirm: "The two passwords are not the same.", password: "Use at least 12 characters." }, alert)).toBe("new-password");
    expect(firstProblemId(FIELDS, { current: "That password is not right." }, alert)).toBe("current-password");
  });

  it("is the message when no field on screen has a problem (a refusal of the whole form, or a field the form does not show)", () => {
    expect(firstProblemId(FIELDS, {}, alert)).toBe("change-password-failure");
    expect(firstProblemId(FIELDS, { token: "This link was already used." }, alert)).toBe("change-password-failure");
    expect(firstProblemId(FIELDS, { confirm: "" }, alert)).toBe("change-password-failure");
  });

  it("is nowhere when there is no problem: focus stays where the person left it", () => {
    expect(firstProblemId(FIELDS, {}, { ...alert, shown: false })).toBeNull();
    expect(firstProblemId(FIELDS, { current: undefined })).toBeNull();
  });
});
