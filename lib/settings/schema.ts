import { z } from "zod";
import type { Role } from "@/db/schema/users";
import { ROLE_NAMES } from "@/lib/users/role-names";
import { REVEAL_MAX_PER_WINDOW_RANGE, REVEAL_WINDOW_MINUTES_RANGE, SESSION_IDLE_MINUTES_RANGE } from "./ranges";
import { currencyCodeSchema } from "@/lib/validation/currency-code";
import { uuidSchema } from "@/lib/validation/uuid";

/** A low-balance alert level for one funding account and currency, in integer minor units (as a decimal string). */
export const lowBalanceThresholdSchema = z.object({
  providerAccountId: uuidSchema("Choose a provider account."),
  currency: currencyCodeSchema(),
  amountMinor: z.string().regex(/^\d{1,15}$/, "Enter an amount of zero or more."),
});
export type LowBalanceThreshold = z.infer<typeof lowBalanceThresholdSchema>;

// Each number says what to type, also for what is not a whole number at all: without its own message, zod's says
// "Invalid input: expected number, received NaN" (the form sends text that is not a number as NaN). Int last: a huge
// number is told its bound first.
const REVEALS_WHOLE = "Enter a whole number of reveals, e.g. 5.";
const WINDOW_WHOLE = "Enter a whole number of minutes, e.g. 10.";
const IDLE_WHOLE = "Enter a whole number of minutes, e.g. 30.";

/**
 * What an administrator may change without a restart. Every key has a default, so an organisation without a row,
 * or a row written before a key existed, reads as a complete, valid object.
 */
export const organizationSettingsSchema = z.object({
  revealRateLimit: z
    .object({
      max: z.number({ error: REVEALS_WHOLE }).min(REVEAL_MAX_PER_WINDOW_RANGE.min, "Allow at least one reveal.").max(REVEAL_MAX_PER_WINDOW_RANGE.max, "At most 100 reveals.").int(REVEALS_WHOLE),
      windowMinutes: z
        .number({ error: WINDOW_WHOLE })
        .min(REVEAL_WINDOW_MINUTES_RANGE.min, "At least one minute.")
        .max(REVEAL_WINDOW_MINUTES_RANGE.max, "At most 1,440 minutes (a day).")
        .int(WINDOW_WHOLE),
    })
    .default({ max: 5, windowMinutes: 10 }),
  sessionIdleMinutes: z
    .number({ error: IDLE_WHOLE })
    .min(SESSION_IDLE_MINUTES_RANGE.min, "At least 5 minutes.")
    .max(SESSION_IDLE_MINUTES_RANGE.max, "At most 720 minutes (12 hours).")
    .int(IDLE_WHOLE)
    .default(30),
  twoFactorRequiredRoles: z
    .array(z.enum(ROLE_NAMES))
    .transform((roles) => [...new Set(roles)].sort() as Role[])
    .default(["admin", "finance"]),
  lowBalanceThresholds: z
    .array(lowBalanceThresholdSchema)
    .max(200)
    // Said on the row that repeats one above it (its currency field), so the form marks the row to remove.
    .superRefine((items, context) => {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        const key = `${item.providerAccountId}:${item.currency}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else context.addIssue({ code: "custom", path: [index, "currency"], message: `Row ${first + 1} already alerts on this account in ${item.currency}: keep one of the two.` });
      });
    })
    .default([]),
});

export type OrganizationSettings = z.output<typeof organizationSettingsSchema>;
export const DEFAULT_SETTINGS: OrganizationSettings = organizationSettingsSchema.parse({});

type SettingKey = keyof OrganizationSettings;

/**
 * One stored key as the schema reads it, or undefined when it no longer validates. Low-balance thresholds are read one
 * by one: a threshold that no longer validates (a currency saved before codes were checked against ISO 4217) is left
 * out on its own, so the organisation's other alerts stay in force.
 */
export function storedSetting<K extends SettingKey>(key: K, value: unknown): OrganizationSettings[K] | undefined {
  const readable = key === "lowBalanceThresholds" && Array.isArray(value) ? value.filter((item) => lowBalanceThresholdSchema.safeParse(item).success) : value;
  const read = organizationSettingsSchema.shape[key].safeParse(readable);
  return read.success ? (read.data as OrganizationSettings[K]) : undefined;
}

/** Reads stored JSON leniently: a key that no longer validates falls back to its default rather than failing. */
export function settingsFromStored(stored: unknown): OrganizationSettings {
  const whole = organizationSettingsSchema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const source = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(organizationSettingsSchema.shape) as SettingKey[]) {
    result[key] = storedSetting(key, source[key]) ?? DEFAULT_SETTINGS[key];
  }
  return result as OrganizationSettings;
}
