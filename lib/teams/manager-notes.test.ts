import { describe, expect, it } from "vitest";
import { leavesWithoutManagerNote, noManagerNotice, soleManagerNote } from "./manager-notes";

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

describe("soleManagerNote", () => {
  it("says nothing for someone who is no team's only manager", () => {
    expect(soleManagerNote("Omar Operations", [])).toBeNull();
  });

  it("names the person and their one team, or their teams in one sentence", () => {
    expect(soleManagerNote("Omar Operations", ["Operations"])).toBe(
      "Omar Operations is the only manager of Operations: once they stop managing it, finance approves in the manager's place the requests of its members until you name another (Settings → Teams).",
    );
    expect(soleManagerNote("Omar Operations", ["Operations", "Travel"])).toBe(
      "Omar Operations is the only manager of Operations and Travel: once they stop managing them, finance approves in the manager's place the requests of their members until you name another (Settings → Teams).",
    );
  });
});

describe("leavesWithoutManagerNote", () => {
  it("says nothing while every team keeps its manager", () => {
    expect(leavesWithoutManagerNote([])).toBeNull();
  });

  it("names the team, or the teams, the change would leave without a manager", () => {
    expect(leavesWithoutManagerNote(["Operations"])).toBe(
      "Saving this leaves Operations without a manager: finance approves in the manager's place the requests of its members until you name another (Settings → Teams).",
    );
    expect(leavesWithoutManagerNote(["Operations", "Travel"])).toBe(
      "Saving this leaves Operations and Travel without a manager: finance approves in the manager's place the requests of their members until you name another (Settings → Teams).",
    );
  });
});
