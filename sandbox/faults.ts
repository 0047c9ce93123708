import type { Prng } from "./lib/prng";

export const PROVIDERS = ["cardepass", "nobepay", "cardopenapi"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export function isProvider(value: unknown): value is ProviderName {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value);
}

/** "lost": the request is carried out and its answer replaced by failStatus's gateway page, as if lost on the way back. */
export type FailMode = "status" | "hang" | "malformed" | "lost";

export interface FaultConfig {
  latencyMs: number;
  errorRate: number;
  rateLimitRate: number;
  retryAfterSeconds: number;
  hangRate: number;
  malformedRate: number;
  /** The next N provider requests fail deterministically. */
  failNext: number;
  /** Status for failNext when failMode is "status" or "lost": 500, 502, 503 or 429. */
  failStatus: number;
  failMode: FailMode;
}

export type FaultDecision =
  | { kind: "none" }
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "hang" }
  | { kind: "malformed" }
  | { kind: "lost"; status: number };

export const DEFAULT_FAULTS: FaultConfig = {
  latencyMs: 0,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  hangRate: 0,
  malformedRate: 0,
  failNext: 0,
  failStatus: 503,
  failMode: "status",
};

const RANDOM_ERROR_STATUSES = [500, 502, 503] as const;

export class FaultRegistry {
  private configs = new Map<ProviderName, FaultConfig>();

  constructor(private readonly rng: Prng) {}

  get(provider: ProviderName): FaultConfig {
    return this.configs.get(provider) ?? { ...DEFAULT_FAULTS };
  }

  /** Merges a partial update; returns an error message naming the bad field, if any. */
  set(provider: ProviderName, update: Record<string, unknown>): string | null {
    const next = { ...this.get(provider) };
    for (const key of ["errorRate", "rateLimitRate", "hangRate", "malformedRate"] as const) {
      if (update[key] === undefined) continue;
      const v = update[key];
      if (typeof v !== "number" || v < 0 || v > 1) return `${key} must be a number between 0 and 1`;
      next[key] = v;
    }
    for (const key of ["latencyMs", "retryAfterSeconds", "failNext"] as const) {
      if (update[key] === undefined) continue;
      const v = update[key];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return `${key} must be a non-negative integer`;
      next[key] = v;
    }
    if (update.failStatus !== undefined) {
      if (![429, 500, 502, 503].includes(update.failStatus as number)) return "failStatus must be 429, 500, 502 or 503";
      next.failStatus = update.failStatus as number;
    }
    if (update.failMode !== undefined) {
      if (!["status", "hang", "malformed", "lost"].includes(update.failMode as string)) {
        return 'failMode must be "status", "hang", "malformed" or "lost"';
      }
      next.failMode = update.failMode as FailMode;
    }
    this.configs.set(provider, next);
    return null;
  }

  clear(provider?: ProviderName): void {
    if (provider) this.configs.delete(provider);
    else this.configs.clear();
  }

  snapshot(): Record<ProviderName, FaultConfig> {
    return {
      cardepass: this.get("cardepass"),
      nobepay: this.get("nobepay"),
      cardopenapi: this.get("cardopenapi"),
    };
  }

  /** Decides the fate of one provider request (consumes failNext first, then the random rates). */
  decide(provider: ProviderName): FaultDecision {
    const config = this.configs.get(provider);
    if (!config) return { kind: "none" };
    if (config.failNext > 0) {
      config.failNext -= 1;
      if (config.failMode === "hang") return { kind: "hang" };
      if (config.failMode === "malformed") return { kind: "malformed" };
      if (config.failMode === "lost") return { kind: "lost", status: config.failStatus };
      return config.failStatus === 429
        ? { kind: "status", status: 429, retryAfterSeconds: config.retryAfterSeconds }
        : { kind: "status", status: config.failStatus };
    }
    if (config.hangRate > 0 && this.rng.chance(config.hangRate)) return { kind: "hang" };
    if (config.errorRate > 0 && this.rng.chance(config.errorRate)) {
      return { kind: "status", status: this.rng.pick(RANDOM_ERROR_STATUSES) };
    }
    if (config.rateLimitRate > 0 && this.rng.chance(config.rateLimitRate)) {
      return { kind: "status", status: 429, retryAfterSeconds: config.retryAfterSeconds };
    }
    if (config.malformedRate > 0 && this.rng.chance(config.malformedRate)) return { kind: "malformed" };
    return { kind: "none" };
  }

  latency(provider: ProviderName): number {
    return this.configs.get(provider)?.latencyMs ?? 0;
  }
}

/** Cuts a JSON body in half so it no longer parses (the handler has already run). */
export function malform(text: string): string {
  const cut = Math.max(1, Math.floor(text.length / 2));
  return text.slice(0, cut) + (text.startsWith("{") ? '"\u0000' : "<html>");
}
