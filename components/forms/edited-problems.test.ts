import { describe, expect, it } from "vitest";
import { failureWithoutEdited, withoutEditedProblems } from "./edited-problems";

describe("withoutEditedProblems", () => {
  it("drops the edited fields' problems, their sub-keys with them, and keeps the others", () => {
    const problems = { accountId: "Choose a provider account.", alias: "Enter an alias.", tags: "Too many tags.", "tags.1": "Too long.", tagsNote: "Other." };
    expect(withoutEditedProblems(problems, ["accountId", "tags"])).toEqual({ alias: "Enter an alias.", tagsNote: "Other." });
    expect(withoutEditedProblems(problems, [])).toEqual(problems);
  });
});

describe("failureWithoutEdited", () => {
  const fieldsFailure = { code: "invalid_input" as const, message: "Some fields need attention.", fields: { alias: "Taken.", initialAmount: "At least $10.00." } };

  it("keeps the fields not edited", () => {
    expect(failureWithoutEdited(fieldsFailure, ["alias"])).toEqual({ ...fieldsFailure, fields: { initialAmount: "At least $10.00." } });
  });

  it("is gone once every field it was about has been edited", () => {
    expect(failureWithoutEdited(fieldsFailure, ["alias", "initialAmount"])).toBeNull();
  });

  it("keeps a failure that says more than its fields, without them", () => {
    const conflict = { code: "conflict" as const, message: "The provider refused: insufficient balance.", fields: { initialAmount: "Insufficient balance." } };
    expect(failureWithoutEdited(conflict, ["initialAmount"])).toEqual({ code: "conflict", message: "The provider refused: insufficient balance.", fields: undefined });
  });

  it("leaves a failure without fields as it is", () => {
    const lost = { code: "internal" as const, message: "No answer." };
    expect(failureWithoutEdited(lost, ["alias"])).toBe(lost);
    expect(failureWithoutEdited(null, ["alias"])).toBeNull();
  });
});
