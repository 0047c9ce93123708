import { randomInt } from "node:crypto";
import type { OrderType } from "@/lib/providers/types";
import { Prng } from "@/sandbox/lib/prng";

/** The order types that move money or change what a card may spend: what the suite counts toward its target. */
export const MONEY_MOVING: readonly OrderType[] = ["issue", "topup", "withdraw", "limits", "cancel"];

export type Lane = { ops: number; refused: number; errors: number };

/** Sandbox faults during the run, per provider (rates 0..1): about a fifth of provider requests go wrong. */
export const FAULTS = { latencyMs: 15, errorRate: 0.06, rateLimitRate: 0.04, hangRate: 0.02, malformedRate: 0.06, retryAfterSeconds: 1 };

/** The run's seed: the one given with --seed (to replay a run), or a random one, which the suite prints. */
export function runSeed(given: string | undefined): { seed: number; random: boolean } {
  if (given === undefined) return { seed: randomInt(1, 1_000_000), random: true };
  if (!/^\d+$/.test(given) || !Number.isSafeInteger(Number(given))) throw new Error("--seed must be a whole number");
  return { seed: Number(given), random: false };
}

/**
 * A driver lane's generator: from the run's seed, the lane and which start of the driver this is (the suite kills
 * and restarts it), and nothing else, so --seed replays the same choices.
 */
export function laneRng(seed: number, lane: number, start: number): Prng {
  return new Prng(seed * 7919 + lane * 104_729 + start * 1_299_709);
}
