"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { organizationSettingsSchema } from "@/lib/settings/schema";
import { updateSettings } from "@/lib/settings/update-settings";
import { adminContextFor } from "@/lib/users/admin-context";

// Shapes are checked by the settings schema inside updateSettings, against the values in force it merges with.
const settingValues = {
  revealRateLimit: z.unknown(),
  sessionIdleMinutes: z.unknown(),
  twoFactorRequiredRoles: z.unknown(),
  lowBalanceThresholds: z.unknown(),
};
// `loaded`: what the page showed of each key it sends, so a page opened before another admin's save undoes nothing.
const patchSchema = z
  .object(settingValues)
  .partial()
  .extend({ loaded: z.object(settingValues).partial().strict() })
  .strict();

// What guards signing in (who needs two-factor, how long an idle session lives) and card details (how often they may be
// shown). Low-balance alerts guard neither and are not asked.
const STEP_UP_SETTINGS = ["twoFactorRequiredRoles", "sessionIdleMinutes", "revealRateLimit"] as const;

const readAs = (key: (typeof STEP_UP_SETTINGS)[number], value: unknown) => {
  const read = organizationSettingsSchema.shape[key].safeParse(value);
  return read.success ? JSON.stringify(read.data) : null;
};

/**
 * SECURITY: whether the save may change a sign-in or card-detail setting, compared with what the page showed
 * (`loaded`, read as the schema reads it: roles in any order are the same roles). `loaded` cannot hide a change:
 * updateSettings leaves a key the page sends as it showed it as it is now. A key sent without a readable `loaded`
 * value counts as a change.
 */
function changesSecuritySettings({ loaded, ...patch }: z.output<typeof patchSchema>): boolean {
  return STEP_UP_SETTINGS.some((key) => {
    if (patch[key] === undefined) return false;
    const sent = readAs(key, patch[key]);
    return sent === null || loaded[key] === undefined || sent !== readAs(key, loaded[key]);
  });
}

export const updateSettingsAction = guardedAction({
  permission: "admin.manage",
  input: patchSchema,
  requireStepUp: changesSecuritySettings,
  run: ({ loaded, ...patch }, context) => updateSettings(context.db, adminContextFor(context), patch, { loaded }),
});
