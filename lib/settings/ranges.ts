/**
 * The bounds of the settings an administrator may change, shared with the environment variables that give their
 * defaults (lib/env.ts): a variable outside them would otherwise pass the start check and then be ignored.
 */
export const SESSION_IDLE_MINUTES_RANGE = { min: 5, max: 720 } as const;
export const REVEAL_MAX_PER_WINDOW_RANGE = { min: 1, max: 100 } as const;
export const REVEAL_WINDOW_MINUTES_RANGE = { min: 1, max: 1440 } as const;
