import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import type { AuditAction, AuditOutcome } from "./actions";
import { auditRowHash, GENESIS_HASH, type HashedAuditContent } from "./hash";
import { env } from "@/lib/env";
import { toStorableText } from "@/lib/validation/safe-text";
import { redactSummary } from "./redact";

const storable = (value: string | null | undefined): string | null => (value === null || value === undefined ? null : toStorableText(value));
// PostgreSQL stores a uuid in lower case whatever case it was given in; the hash must cover what the row will hold.
const storedUuid = (value: string | null | undefined): string | null => (value === null || value === undefined ? null : value.toLowerCase());

export const AUDIT_CHAIN_LOCK = 72_600_002;

/** Who acted, as known at that moment (roles are copied, not referenced, so later changes do not rewrite history). */
export type AuditContext = {
  organizationId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  actorRoles: readonly string[];
  ip: string | null;
  userAgent: string | null;
};

export type AuditEntry = {
  action: AuditAction;
  outcome?: AuditOutcome;
  targetType?: string;
  targetId?: string;
  teamId?: string | null;
  summary?: Record<string, unknown>;
};

/**
 * Appends one row to the chain. Call it with the transaction that makes the change it records, so both commit
 * or neither does. The advisory lock serialises writers so each row links to the one committed before it.
 */
export async function record(db: DbOrTx, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const content: HashedAuditContent = {
      occurredAt: new Date(),
      organizationId: storedUuid(context.organizationId),
      actorUserId: storedUuid(context.actorUserId),
      actorEmail: storable(context.actorEmail),
      actorRoles: [...context.actorRoles],
      action: entry.action,
      outcome: entry.outcome ?? "success",
      targetType: storable(entry.targetType),
      targetId: storable(entry.targetId),
      teamId: storedUuid(entry.teamId),
      ip: storable(context.ip),
      userAgent: storable(context.userAgent),
      summary: (redactSummary(entry.summary ?? {}) as Record<string, unknown>) ?? {},
    };
    await tx.insert(auditLog).values({ ...content, prevHash, hash: auditRowHash(content, prevHash, env().AUDIT_HMAC_KEY) });
  });
}
