import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toUsStates } from "./transform-states";

describe("toUsStates", () => {
  it("reads the document's example: code and name of each state", () => {
    const body = JSON.parse(readFileSync(new URL("./fixtures/us-states.json", import.meta.url), "utf8")).body;
    const states = toUsStates(body.data);
    expect(states[0]).toEqual({ code: "AL", name: "Alabama" });
    expect(states.find((state) => state.code === "NY")?.name).toBe("New York");
    expect(states.every((state) => state.code.length === 2)).toBe(true);
  });

  it("refuses an answer that is not a list of states", () => {
    expect(() => toUsStates([{ code: "California" }])).toThrow();
  });
});
