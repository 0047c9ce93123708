import PgBoss from "pg-boss";

/** pg-boss keeps its queues in its own schema of the application's PostgreSQL; nothing else to run. */
export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 5, application_name: "cardhub-jobs", ...options });
  boss.on("error", (error) => console.error("[jobs] pg-boss error:", error.message));
  return boss;
}
