import { parseEnv, type Env } from "@/lib/env";

/** Production refuses to start half-configured: it names the missing variable and exits. */
export function requireProductionEnv(): Env {
  try {
    return parseEnv({ ...process.env, NODE_ENV: "production" });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error("See README.md, 'Production configuration'.");
    process.exit(1);
  }
}
