import { describe, expect, it } from "vitest";
import { createPersonSchema } from "./schemas";

const person = (email: string) => ({ name: "Rae Reviewer", roles: ["employee"], teams: [], email, method: "invite" });
const emailProblem = (email: string) => {
  const parsed = createPersonSchema.safeParse(person(email));
  return parsed.success ? null : parsed.error.issues.find((issue) => issue.path[0] === "email")?.message ?? null;
};

describe("a new person's email address", () => {
  it("is one mail can carry: at most 64 characters before the @ and 254 in all (RFC 5321)", () => {
    expect(emailProblem(`${"a".repeat(64)}@demo.test`)).toBeNull();
    expect(emailProblem(`${"a".repeat(65)}@demo.test`)).toBe("The part before the @ has at most 64 characters.");
    expect(emailProblem(`${"a".repeat(300)}@demo.test`)).toBe("An email address has at most 254 characters.");
    // 260 characters, with a short part before the @.
    expect(emailProblem(`rae@${"d".repeat(62)}.${"e".repeat(62)}.${"f".repeat(62)}.${"g".repeat(62)}.test`)).toBe("An email address has at most 254 characters.");
    expect(emailProblem("not-an-address")).toBe("Enter a valid email address.");
  });

  it("is kept trimmed and in lower case", () => {
    const parsed = createPersonSchema.parse(person("  Rae@Demo.Test "));
    expect(parsed.email).toBe("rae@demo.test");
  });
});
