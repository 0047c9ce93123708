import { desc, isNull } from "drizzle-orm";
import { auditLog } from "@/db/schema/audit";
import { openOperatorDb } from "./lib/operator-db";

/**
 * `npm run audit:unattributed [-- <count>]`: the newest audit rows that belong to no organisation (sign-in attempts
 * for addresses no organisation knows). No organisation's users see them in the app; the operator of the
 * installation, with database access, does. Read-only.
 */
async function main(argv: string[]): Promise<number> {
  const limit = Math.min(Math.max(Number(argv[0] ?? 50) || 50, 1), 10_000);
  const operator = await openOperatorDb("audit:unattributed");
  try {
    const rows = await operator.db
      .select({ id: auditLog.id, at: auditLog.occurredAt, action: auditLog.action, outcome: auditLog.outcome, email: auditLog.actorEmail, ip: auditLog.ip, userAgent: auditLog.userAgent, summary: auditLog.summary })
      .from(auditLog)
      .where(isNull(auditLog.organizationId))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    if (rows.length === 0) console.log("audit:unattributed: no rows without an organisation.");
    for (const row of rows) {
      const reason = typeof row.summary.reason === "string" ? row.summary.reason : "";
      console.log([row.id, row.at.toISOString(), row.action, row.outcome, reason, row.email ?? "-", row.ip ?? "-", JSON.stringify(row.userAgent ?? "-")].join("\t"));
    }
    return 0;
  } finally {
    await operator.close();
  }
}

process.exit(await main(process.argv.slice(2)));
