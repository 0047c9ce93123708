import { spawn } from "node:child_process";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { requireProductionEnv } from "./lib/production-env";

const env = requireProductionEnv();
if (process.env.MIGRATION_DATABASE_URL) {
  // security (README "Deployment roles"): migrate and grant as the owner; the app runs as the restricted role.
  const { prepareDatabase } = await import("@/db/prepare-database");
  const { JOBS } = await import("@/lib/jobs/registry");
  await prepareDatabase({ ownerUrl: process.env.MIGRATION_DATABASE_URL, appUrl: env.DATABASE_URL, queues: JOBS });
} else {
  const migrator = createDb(env.DATABASE_URL, 1);
  await runMigrations(migrator.pool);
  await migrator.pool.end();
}

const port = process.env.PORT ?? "3000";
const host = process.env.HOSTNAME ?? "0.0.0.0";
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port, "-H", host], {
  stdio: "inherit",
  env: { ...process.env, MIGRATION_DATABASE_URL: undefined, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
