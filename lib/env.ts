import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((value) => value === "true" || value === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "must be a postgres:// connection URL" }),
  AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }),
  // 32 bytes, base64 or hex: encrypts provider credentials and TOTP secrets (AES-256-GCM).
  ENCRYPTION_KEY: z.string().min(32, { message: "must be 32 bytes, base64 or hex encoded" }),
  // Keys the audit chain (HMAC-SHA256) and signs its checkpoints; never stored in the database. 32+ random bytes.
  AUDIT_HMAC_KEY: z.string().min(32, { message: "must be at least 32 characters (32 random bytes, hex or base64)" }),
  // Where signed audit checkpoints are appended (outside the database); see lib/audit/anchor.ts.
  AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  REVEAL_MAX_PER_WINDOW: z.coerce.number().int().positive().default(5),
  REVEAL_WINDOW_MINUTES: z.coerce.number().int().positive().default(10),
  LOG_SQL: booleanFlag,
  // Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed; none by default (lib/auth/client-address.ts).
  TRUSTED_PROXIES: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Names the first missing or invalid variable so an operator can fix it at once. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return source[name] === undefined || source[name] === ""
        ? `${name} is not set`
        : `${name} is invalid: ${issue.message}`;
    });
    throw new Error(`Configuration error: ${problems.join("; ")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
