import type { OrderType } from "@/lib/providers/types";

/** The order types that move money or change what a card may spend: what the suite counts toward its target. */
export const MONEY_MOVING: readonly OrderType[] = ["issue", "topup", "withdraw", "limits", "cancel"];

export type Lane = { ops: number; refused: number; errors: number };

/** Sandbox faults during the run, per provider (rates 0..1): about a fifth of provider requests go wrong. */
export const FAULTS = { latencyMs: 15, errorRate: 0.06, rateLimitRate: 0.04, hangRate: 0.02, malformedRate: 0.06, retryAfterSeconds: 1 };
