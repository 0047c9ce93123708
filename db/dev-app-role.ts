import { createHmac } from "node:crypto";
import { createDb } from "@/db/client";
import { JOBS } from "@/lib/jobs/registry";
import { ensureLoginRole } from "./app-role";
import { prepareDatabase } from "./prepare-database";

export const DEV_APP_ROLE = "cardhub_app";

/**
 * Development and e2e (embedded PostgreSQL, the launcher is its superuser): runs what a deployment runs as the
 * owner, and returns the URL of the restricted role the web server and worker use, so development exercises the
 * same audit protection as production. The password is derived from the dev AUTH_SECRET: stable, never typed.
 */
export async function prepareDevAppRole(ownerUrl: string, authSecret: string): Promise<string> {
  const owner = createDb(ownerUrl, 1);
  let appUrl: string;
  try {
    const password = createHmac("sha256", authSecret).update(DEV_APP_ROLE).digest("hex");
    appUrl = await ensureLoginRole(owner.pool, { ownerUrl, role: DEV_APP_ROLE, password });
  } finally {
    await owner.pool.end();
  }
  await prepareDatabase({ ownerUrl, appUrl, queues: JOBS });
  return appUrl;
}
