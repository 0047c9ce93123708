import type { DbOrTx } from "@/db/client";
import { findStoredSettings } from "@/db/queries/settings";
import { env } from "@/lib/env";
import { organizationSettingsSchema, settingsFromStored, storedSetting, type OrganizationSettings } from "./schema";

/** Until an administrator saves a value, the deployment's environment (README, "Configuration") decides it. */
function environmentDefaults(): Partial<OrganizationSettings> {
  const { REVEAL_MAX_PER_WINDOW, REVEAL_WINDOW_MINUTES, SESSION_IDLE_MINUTES } = env();
  return { revealRateLimit: { max: REVEAL_MAX_PER_WINDOW, windowMinutes: REVEAL_WINDOW_MINUTES }, sessionIdleMinutes: SESSION_IDLE_MINUTES };
}

/**
 * What is in force for an organisation's stored settings row (null: none yet): each value an administrator saved,
 * else the deployment's default, else the schema's. The one answer the page shows, sessions and reveals obey, and a
 * save compares with (lib/settings/update-settings.ts), so nothing is recorded as changed that was not.
 */
export function settingsInForce(stored: unknown): OrganizationSettings {
  const saved = Object.entries(stored && typeof stored === "object" ? stored : {}).flatMap(([key, value]) => {
    const read = key in organizationSettingsSchema.shape ? storedSetting(key as keyof OrganizationSettings, value) : undefined;
    return read === undefined ? [] : [[key, read] as const];
  });
  return settingsFromStored({ ...environmentDefaults(), ...Object.fromEntries(saved) });
}

/**
 * The organisation's settings as they are now. Read from the database on every call (no process cache), so a change
 * applies to the very next request on every web instance, without a restart.
 */
export async function getSettings(db: DbOrTx, organizationId: string): Promise<OrganizationSettings> {
  return settingsInForce(await findStoredSettings(db, organizationId));
}
