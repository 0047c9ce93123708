import { expect, inject, it } from "vitest";

// Deliberately failing, and outside the normal test globs: `npm test` runs it alone, through the project's own
// Vitest configuration (global setup included), and requires Vitest to count it failed and exit non-zero.
it("the gate sees a failing test that ran after the global setup", () => {
  expect(inject("testServerUrl")).toMatch(/^postgres:\/\//);
  expect(1).toBe(2);
});
