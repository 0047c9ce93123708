import PgBoss from "pg-boss";
import { withPinnedSession } from "@/db/pinned-session";

/**
 * pg-boss keeps its queues in its own schema of the application's PostgreSQL; nothing else to run. Its SQL names that
 * schema everywhere, and its pool gets the app's pinned session settings like every other connection.
 */
export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({ connectionString: withPinnedSession(connectionString), schema: "pgboss", max: 5, application_name: "cardhub-jobs", ...options });
  boss.on("error", (error) => console.error("[jobs] pg-boss error:", error.message));
  return boss;
}
