import { describe, expect, it } from "vitest";
import { ActionError } from "@/lib/actions/result";
import { EnvError } from "@/lib/env";
import { NoDatabaseError } from "./no-database-error";
import { operatorErrorLine, operatorFailureLine } from "./operator-error";

describe("operatorErrorLine", () => {
  it("a failed query by its table and the driver's cause, never its SQL parameters", () => {
    const cause = Object.assign(new Error('password authentication failed for user "postgres"'), { code: "28P01" });
    const failed = new Error('Failed query: select "id" from "organizations" where "name" = $1\nparams: Acme Secret Ltd', { cause });
    const line = operatorErrorLine(failed);
    expect(line).toContain('password authentication failed for user "postgres"');
    expect(line).toContain('"organizations"');
    expect(line).not.toContain("Acme Secret Ltd");
    expect(line).not.toContain("$1");
  });

  it("every configuration problem, one line each", () => {
    const line = operatorErrorLine(new EnvError(["DATABASE_URL is not set", "ENCRYPTION_KEY is invalid: must decode to exactly 32 bytes"]));
    expect(line.split("\n")).toEqual(["Configuration error:", "DATABASE_URL is not set", "ENCRYPTION_KEY is invalid: must decode to exactly 32 bytes"]);
  });

  it("the command's own refusals as they are", () => {
    expect(operatorErrorLine(new ActionError("conflict", "This organisation already reads that account."))).toBe("This organisation already reads that account.");
    expect(operatorErrorLine(new Error('No account of "Acme" is labelled "x".'))).toBe('No account of "Acme" is labelled "x".');
  });
});

describe("operatorFailureLine", () => {
  it("says a missing database once: the refusal already starts with the command and its subcommand", () => {
    const refusal = new NoDatabaseError("accounts list: DATABASE_URL is not set, and there is no development database in .data/pg to act on instead.");
    expect(operatorFailureLine("accounts", refusal)).toBe("accounts list: DATABASE_URL is not set, and there is no development database in .data/pg to act on instead.");
  });

  it("puts the command's name before any other cause, once", () => {
    expect(operatorFailureLine("audit:unattributed", new Error('No account of "Acme" is labelled "x".'))).toBe('audit:unattributed: No account of "Acme" is labelled "x".');
    expect(operatorFailureLine("operators", new EnvError(["ENCRYPTION_KEY is not set"]))).toBe("operators: Configuration error:\nENCRYPTION_KEY is not set");
  });
});
