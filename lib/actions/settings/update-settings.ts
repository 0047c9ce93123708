"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
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

export const updateSettingsAction = guardedAction({
  permission: "admin.manage",
  input: patchSchema,
  run: ({ loaded, ...patch }, context) => updateSettings(context.db, adminContextFor(context), patch, { loaded }),
});
