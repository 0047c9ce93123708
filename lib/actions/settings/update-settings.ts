"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { updateSettings } from "@/lib/settings/update-settings";
import { adminContextFor } from "@/lib/users/admin-context";

// Shapes are checked by the settings schema inside updateSettings, against the stored values it merges with.
const patchSchema = z
  .object({
    revealRateLimit: z.unknown(),
    sessionIdleMinutes: z.unknown(),
    twoFactorRequiredRoles: z.unknown(),
    lowBalanceThresholds: z.unknown(),
  })
  .partial()
  .strict();

export const updateSettingsAction = guardedAction({
  permission: "admin.manage",
  input: patchSchema,
  run: (input, context) => updateSettings(context.db, adminContextFor(context), input),
});
