import { desc, isNull } from "drizzle-orm";
import { auditLog } from "@/db/schema/audit";
import { openOperatorDb } from "./lib/operator-db";
import { operatorFailureLine } from "./lib/operator-error";

/**
 * `npm run audit:unattributed [-- <count>]`: the newest audit rows that belong to no organisation (sign-in attempts
 * for addresses no organisation knows). No organisation's users see them in the app; the operator of the
 * installation, with database access, does. Read-only.
 */
const USAGE = `Usage: npm run audit:unattributed [-- <count>]
  Prints the newest <count> audit rows that belong to no organisation (default 50, at most 10000).`;
const MAX_ROWS = 10_000;

/** The count asked for: none means 50; anything but one whole number from 1 to 10000 is refused. */
function rowCount(argv: readonly string[]): number | null {
  if (argv.length === 0) return 50;
  if (argv.length > 1 || !/^\d+$/.test(argv[0]!)) return null;
  const count = Number(argv[0]);
  return count >= 1 && count <= MAX_ROWS ? count : null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    console.log(USAGE);
    return 0;
  }
  const limit = rowCount(argv);
  if (limit === null) {
    console.error(`audit:unattributed: the count must be one whole number from 1 to ${MAX_ROWS}.\n${USAGE}`);
    return 2;
  }
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

process.exit(
  await main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(operatorFailureLine("audit:unattributed", error));
    return 1;
  }),
);
