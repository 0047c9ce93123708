export const SCALE_NAMES = ["small", "default", "large"] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export type Scale = {
  cards: number;
  transactions: number;
  auditRows: number;
  users: number;
  teams: number;
  /**
   * Timed runs per case (after warm-up) for each of function, raw SQL and HTTP. A p95 of 30 runs is the second-slowest
   * sample, so two slow moments of the machine decide a case's verdict; of 100 it is the fifth.
   */
  iterations: number;
};

export const SCALES: Record<ScaleName, Scale> = {
  small: { cards: 1_000, transactions: 100_000, auditRows: 20_000, users: 200, teams: 10, iterations: 20 },
  default: { cards: 10_000, transactions: 1_000_000, auditRows: 200_000, users: 2_000, teams: 20, iterations: 200 },
  large: { cards: 1_000_000, transactions: 10_000_000, auditRows: 2_000_000, users: 100_000, teams: 200, iterations: 100 },
};
