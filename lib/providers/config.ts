import { z } from "zod";
import { isValidTimeZone } from "@/lib/time";
import { PROVIDER_NAMES, type ProviderAccountConfig, type ProviderName } from "@/lib/providers/types";

export const cardepassCredentialsSchema = z.object({
  clientId: z.string().trim().min(1, "Client ID is required"),
  clientSecret: z.string().min(1, "Client secret is required"),
});

export const nobepayCredentialsSchema = z.object({
  appKey: z.string().trim().min(1, "App key is required"),
  appSecret: z.string().min(1, "App secret is required"),
});

// `error`: text that is no number at all (coerced to NaN) is told in the field's words, not zod's "Invalid input:
// expected number, received NaN".
export const cardopenapiCredentialsSchema = z.object({
  customerId: z.coerce.number({ error: "Customer ID must be a whole number" }).int("Customer ID must be a whole number").positive("Customer ID is required"),
  appId: z.coerce.number({ error: "App ID must be a whole number" }).int("App ID must be a whole number").positive("App ID is required"),
  key: z.string().min(1, "Key is required"),
});

export const credentialsSchemas = {
  cardepass: cardepassCredentialsSchema,
  nobepay: nobepayCredentialsSchema,
  cardopenapi: cardopenapiCredentialsSchema,
} as const;

/** The longest a provider account may be set to wait on one answer, and to keep retrying one request. */
export const MAX_TIMEOUT_MS = 120_000;
export const MAX_RETRY_BUDGET_MS = 600_000;

export const providerAccountSettingsSchema = z.object({
  timeZone: z
    .string()
    .refine((tz) => isValidTimeZone(tz), "Time zone must be an IANA name such as Asia/Shanghai")
    .optional(),
  apiVersion: z.string().regex(/^[A-Za-z0-9._-]+$/, "API version must be a path segment such as v1").optional(),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).optional(),
  maxRetryMs: z.number().int().min(0).max(MAX_RETRY_BUDGET_MS).optional(),
});

const baseUrlSchema = z
  .string()
  .url("Base URL must be a full URL such as https://api.example.com")
  .refine((url) => /^https?:\/\//.test(url), "Base URL must use http or https");

export const providerAccountConfigSchema = z.discriminatedUnion("provider", [
  z.object({
    id: z.string().min(1),
    provider: z.literal("cardepass"),
    baseUrl: baseUrlSchema,
    credentials: cardepassCredentialsSchema,
    settings: providerAccountSettingsSchema.optional(),
  }),
  z.object({
    id: z.string().min(1),
    provider: z.literal("nobepay"),
    baseUrl: baseUrlSchema,
    credentials: nobepayCredentialsSchema,
    settings: providerAccountSettingsSchema.optional(),
  }),
  z.object({
    id: z.string().min(1),
    provider: z.literal("cardopenapi"),
    baseUrl: baseUrlSchema,
    credentials: cardopenapiCredentialsSchema,
    settings: providerAccountSettingsSchema.optional(),
  }),
]);

export const providerNameSchema = z.enum(PROVIDER_NAMES);

/**
 * The zone a provider's naive times are read in when an account sets none. cardopenapi writes `YYYY-MM-DD HH:mm:ss`
 * with no offset (a mainland-China provider); the others carry offsets or epoch milliseconds.
 */
export const DEFAULT_TIME_ZONES: Record<ProviderName, string> = {
  cardepass: "UTC",
  nobepay: "UTC",
  cardopenapi: "Asia/Shanghai",
};

/** The one rule for an account's time zone, shared by the adapters, connected accounts and cardctl. */
export function timeZoneOf(config: Pick<ProviderAccountConfig, "provider" | "settings">): { timeZone: string; source: "account setting" | "provider default" } {
  const chosen = config.settings?.timeZone;
  return chosen ? { timeZone: chosen, source: "account setting" } : { timeZone: DEFAULT_TIME_ZONES[config.provider], source: "provider default" };
}

/** Validates a config built elsewhere (DB, CLI). Never echoes credential values in its errors. */
export function parseProviderAccountConfig(input: unknown): ProviderAccountConfig {
  const result = providerAccountConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid provider account configuration: ${issues}`);
  }
  return result.data;
}

export function secretsOf(config: ProviderAccountConfig): string[] {
  const c = config.credentials as Record<string, unknown>;
  return ["clientSecret", "appSecret", "key"].flatMap((k) => (typeof c[k] === "string" ? [c[k] as string] : []));
}
