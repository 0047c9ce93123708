import { describe, expect, it } from "vitest";
import { laneRng, runSeed } from "./test-faults-plan";

const draws = (rng: { next: () => number }) => Array.from({ length: 8 }, () => rng.next());

describe("the fault suite's seed", () => {
  it("replays: the same seed, lane and start give the same operations, whenever the driver runs", async () => {
    const first = draws(laneRng(4242, 2, 0));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(draws(laneRng(4242, 2, 0))).toEqual(first);
  });

  it("gives each lane, each restart of the driver and each seed a sequence of its own", () => {
    const base = draws(laneRng(4242, 0, 0));
    expect(draws(laneRng(4242, 1, 0))).not.toEqual(base);
    expect(draws(laneRng(4242, 0, 1))).not.toEqual(base);
    expect(draws(laneRng(4243, 0, 0))).not.toEqual(base);
  });

  it("takes the seed given, and picks a random one (said to be random) when none is", () => {
    expect(runSeed("11")).toEqual({ seed: 11, random: false });
    const picked = [runSeed(undefined), runSeed(undefined), runSeed(undefined)];
    for (const { seed, random } of picked) {
      expect(random).toBe(true);
      expect(Number.isSafeInteger(seed) && seed > 0).toBe(true);
    }
    expect(new Set(picked.map(({ seed }) => seed)).size).toBeGreaterThan(1);
  });

  it("refuses a seed that is not a whole number", () => {
    for (const bad of ["", "abc", "1.5", "-3", "1e3"]) expect(() => runSeed(bad), bad).toThrow("--seed must be a whole number");
  });
});
