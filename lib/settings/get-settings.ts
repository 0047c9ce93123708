import type { DbOrTx } from "@/db/client";
import { findStoredSettings } from "@/db/queries/settings";
import { env } from "@/lib/env";
import { settingsFromStored, type OrganizationSettings } from "./schema";

/** Until an administrator saves a value, the deployment's environment (README, "Configuration") decides it. */
function environmentDefaults(): Partial<OrganizationSettings> {
  const { REVEAL_MAX_PER_WINDOW, REVEAL_WINDOW_MINUTES, SESSION_IDLE_MINUTES } = env();
  return { revealRateLimit: { max: REVEAL_MAX_PER_WINDOW, windowMinutes: REVEAL_WINDOW_MINUTES }, sessionIdleMinutes: SESSION_IDLE_MINUTES };
}

/**
 * The organisation's settings as they are now. Read from the database on every call (no process cache), so a change
 * applies to the very next request on every web instance, without a restart.
 */
export async function getSettings(db: DbOrTx, organizationId: string): Promise<OrganizationSettings> {
  const stored = (await findStoredSettings(db, organizationId)) as Record<string, unknown> | null;
  return settingsFromStored({ ...environmentDefaults(), ...(stored ?? {}) });
}
