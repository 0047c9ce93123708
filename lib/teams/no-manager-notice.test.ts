import { describe, expect, it } from "vitest";
import { noManagerNotice } from "./teams-left-without-manager";

describe("noManagerNotice", () => {
  it("says nothing when every team kept a manager", () => {
    expect(noManagerNotice([])).toBeNull();
  });

  it("names one team, or several in one sentence", () => {
    expect(noManagerNotice(["Sales"])).toBe("Sales now has no manager: finance approves in the manager's place the requests of its members until you name one (Settings → Teams).");
    expect(noManagerNotice(["Ops", "Sales", "Travel"])).toBe(
      "Ops, Sales and Travel now have no manager: finance approves in the manager's place the requests of their members until you name one (Settings → Teams).",
    );
  });
});
