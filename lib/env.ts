import cronParser from "cron-parser";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/auth/client-address";
import { decodeEncryptionKey } from "@/lib/encryption-key";
import { REVEAL_MAX_PER_WINDOW_RANGE, REVEAL_WINDOW_MINUTES_RANGE, SESSION_IDLE_MINUTES_RANGE } from "@/lib/settings/ranges";
import { devAppUrl } from "@/scripts/lib/dev-app-url";

/** A URL's scheme ("https:"), or null when it is no URL (zod runs every check, so a refine sees bad values too). */
function protocolOf(value: string): string | null {
  try {
    return new URL(value).protocol;
  } catch {
    return null;
  }
}

const postgresUrl = z
  .string()
  .url({ message: "must be a postgres:// connection URL" })
  .refine((value) => /^postgres(ql)?:$/.test(protocolOf(value) ?? ""), { message: "must be a postgres:// connection URL" });

const positiveWhole = (fallback: number) =>
  z.coerce.number({ message: "must be a positive whole number" }).int({ message: "must be a positive whole number" }).positive({ message: "must be a positive whole number" }).default(fallback);

/** A default for a setting an administrator may change: within the setting's own bounds, or it would be ignored. */
const wholeWithin = (fallback: number, range: { min: number; max: number }) => {
  const message = `must be a whole number from ${range.min} to ${range.max}`;
  return z.coerce.number({ message }).int({ message }).min(range.min, { message }).max(range.max, { message }).default(fallback);
};

/**
 * A schedule as pg-boss's scheduler reads it (timekeeper.js: cron-parser's parseExpression with the schedule's time
 * zone, UTC here), so a value that passes the start-up check is one boss.schedule takes.
 */
const cronSchedule = (fallback: string) =>
  z
    .string()
    .superRefine((value, context) => {
      try {
        cronParser.parseExpression(value, { tz: "UTC" });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        context.addIssue({ code: "custom", message: `must be a cron expression (UTC) such as "* * * * *" for every minute; ${reason}` });
      }
    })
    .default(fallback);

/** The transaction pull's schedule without TRANSACTION_SYNC_SCHEDULE: every minute. */
export const DEFAULT_TRANSACTION_SYNC_SCHEDULE = "* * * * *";

/**
 * Every variable README "Production configuration" documents. `npm start`, `npm run worker` and
 * `npm run db:migrate` check them all before doing anything else (scripts/lib/production-env.ts), so a wrong value
 * stops the process at start with its name instead of failing requests later.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("development"),
  DATABASE_URL: postgresUrl,
  // The schema owner's URL, for the process that migrates (README "Deployment roles"); never read by the app itself.
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }),
  // 32 bytes, base64 or hex: encrypts provider credentials and TOTP secrets (AES-256-GCM).
  ENCRYPTION_KEY: z.string().superRefine((value, context) => {
    try {
      decodeEncryptionKey(value);
    } catch {
      const bytes = /^[0-9a-f]{64}$/i.test(value) ? 32 : Buffer.from(value, "base64").length;
      context.addIssue({ code: "custom", message: `must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32); this decodes to ${bytes} bytes` });
    }
  }),
  // Keys the audit chain (HMAC-SHA256) and signs its checkpoints; never stored in the database. 32+ random bytes.
  AUDIT_HMAC_KEY: z.string().min(32, { message: "must be at least 32 characters (32 random bytes, hex or base64)" }),
  // Where signed audit checkpoints are appended (outside the database); see lib/audit/anchor.ts.
  AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  // Required in production (see parseEnv): invitation links and webhook URLs are built from it.
  APP_URL: z
    .string()
    .url({ message: "must be the app's public http:// or https:// URL" })
    .refine((value) => /^https?:$/.test(protocolOf(value) ?? ""), { message: "must be the app's public http:// or https:// URL" })
    .optional(),
  SESSION_IDLE_MINUTES: wholeWithin(30, SESSION_IDLE_MINUTES_RANGE),
  SESSION_MAX_HOURS: positiveWhole(12),
  SIGN_IN_MAX_FAILURES: positiveWhole(5),
  SIGN_IN_WINDOW_MINUTES: positiveWhole(15),
  REVEAL_MAX_PER_WINDOW: wholeWithin(5, REVEAL_MAX_PER_WINDOW_RANGE),
  REVEAL_WINDOW_MINUTES: wholeWithin(10, REVEAL_WINDOW_MINUTES_RANGE),
  // Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed; none by default (lib/auth/client-address.ts).
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, context) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error instanceof Error ? error.message : String(error)).replace(/^TRUSTED_PROXIES: /, "") });
      }
    }),
  // The transaction pull's schedule (lib/jobs/sync-transactions-job.ts), checked here so a typo stops the start.
  TRANSACTION_SYNC_SCHEDULE: cronSchedule(DEFAULT_TRANSACTION_SYNC_SCHEDULE),
  // What `npm start` hands to `next start` (package.json): the port and the address it listens on.
  PORT: z.coerce.number({ message: "must be a port number (1-65535)" }).int({ message: "must be a port number (1-65535)" }).min(1, { message: "must be a port number (1-65535)" }).max(65535, { message: "must be a port number (1-65535)" }).optional(),
  HOST: z.string().optional(),
});

/** process.env, or any set of variables to check (a test's, a child process's). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & { APP_URL: string };

/** One line per missing or invalid variable, each naming it; `problems` holds the lines. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.join("\n")}`);
    this.name = "EnvError";
  }
}

/** The configuration problems of an environment, one line per variable (empty when it is fine). */
export function envProblems(source: EnvSource): string[] {
  return attempt(source).problems;
}

function attempt(source: EnvSource): { problems: string[]; env?: Env } {
  // An empty value (`APP_URL=` in a compose file) counts as not set, as it does for the optional variables' defaults.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(present);
  const problems = new Map<string, string>();
  for (const issue of result.success ? [] : result.error.issues) {
    const name = String(issue.path[0] ?? "environment");
    if (problems.has(name)) continue;
    problems.set(name, present[name] === undefined ? `${name} is not set` : `${name} is invalid: ${issue.message}`);
  }
  const production = (present.NODE_ENV ?? "development") === "production";
  if (production && present.APP_URL === undefined) {
    problems.set("APP_URL", "APP_URL is not set: production needs the public URL people open (invitation links and provider webhook URLs are built from it), e.g. https://cards.example.com");
  }
  if (!result.success || problems.size > 0) return { problems: [...problems.values()] };
  // Outside production without APP_URL, invitation links and webhook URLs point where the dev server listens (PORT).
  return { problems: [], env: { ...result.data, APP_URL: result.data.APP_URL ?? devAppUrl(present) } };
}

/** Names every missing or invalid variable, one per line, so an operator can fix them all at once. */
export function parseEnv(source: EnvSource): Env {
  const { problems, env } = attempt(source);
  if (!env) throw new EnvError(problems);
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
