import { and, desc, eq, gte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import type { AuditEvent } from "./audit";
import { readTogether } from "./read-together";

/** What an auditor looks at first: card number reveals, refusals, and data leaving the system as exports. */
export const AUDIT_WATCH_KINDS = ["reveals", "denials", "exports"] as const;
export type AuditWatchKind = (typeof AUDIT_WATCH_KINDS)[number];

const KIND_CONDITION: Record<AuditWatchKind, SQL> = {
  reveals: sql`${auditLog.action} = 'card.revealed'`,
  denials: sql`${auditLog.outcome} = 'denied'`,
  exports: sql`${auditLog.action} like '%.exported'`,
};

/** What an overview panel lists of an audit row: enough to word it and link it, nothing of its chain or origin. */
export type AuditWatchRow = Pick<AuditEvent, "id" | "occurredAt" | "action" | "outcome" | "actorUserId" | "actorEmail" | "targetType" | "targetId" | "summary">;

export type AuditWatch = Record<AuditWatchKind, { count: number; recent: AuditWatchRow[] }>;

const watchRowColumns = {
  id: sql<string>`${auditLog.id}::text`,
  occurredAt: auditLog.occurredAt,
  action: auditLog.action,
  outcome: auditLog.outcome,
  actorUserId: auditLog.actorUserId,
  actorEmail: auditLog.actorEmail,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  summary: auditLog.summary,
};

/**
 * The organisation's reveals, denials and exports since `since`: counts and the newest few of each. Each read is one
 * range of audit_log_org_time_idx (organisation, occurred_at DESC, id DESC), walked newest first.
 */
export async function auditWatchSince(db: DbOrTx, params: { organizationId: string; since: Date; recentLimit: number }): Promise<AuditWatch> {
  const window = and(eq(auditLog.organizationId, params.organizationId), gte(auditLog.occurredAt, params.since));
  const [counts] = await db
    .select({
      reveals: sql<number>`(count(*) filter (where ${KIND_CONDITION.reveals}))::int`,
      denials: sql<number>`(count(*) filter (where ${KIND_CONDITION.denials}))::int`,
      exports: sql<number>`(count(*) filter (where ${KIND_CONDITION.exports}))::int`,
    })
    .from(auditLog)
    .where(window);
  const recent = await readTogether(
    db,
    AUDIT_WATCH_KINDS.map((kind) => () =>
      db
        .select(watchRowColumns)
        .from(auditLog)
        .where(and(window, KIND_CONDITION[kind]))
        .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
        .limit(params.recentLimit),
    ),
  );
  const result = {} as AuditWatch;
  AUDIT_WATCH_KINDS.forEach((kind, index) => {
    result[kind] = { count: Number(counts?.[kind] ?? 0), recent: recent[index]! };
  });
  return result;
}

/**
 * Failed sign-ins to the organisation's accounts since `since`: the count and the newest few. Read through
 * audit_log_action_time_idx (action, occurred_at DESC, id DESC), newest first.
 */
export async function signInFailuresSince(db: DbOrTx, params: { organizationId: string; since: Date; recentLimit: number }): Promise<{ count: number; recent: AuditWatchRow[] }> {
  const window = and(eq(auditLog.action, "auth.sign_in_failed"), gte(auditLog.occurredAt, params.since), eq(auditLog.organizationId, params.organizationId));
  const [[counted], recent] = await readTogether(db, [
    () => db.select({ count: sql<number>`count(*)::int` }).from(auditLog).where(window),
    () => db.select(watchRowColumns).from(auditLog).where(window).orderBy(desc(auditLog.occurredAt), desc(auditLog.id)).limit(params.recentLimit),
  ]);
  return { count: counted?.count ?? 0, recent };
}
