import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { systemOperators } from "@/db/schema/system-operators";
import { users } from "@/db/schema/users";
import { record, type AuditContext } from "@/lib/audit/record";

export type OperatorChange = { ok: true; changed: boolean } | { ok: false; message: string };

async function findUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select({ id: users.id, organizationId: users.organizationId, email: users.email })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  return user ?? null;
}

/**
 * Makes a person an installation operator, recorded in their organisation's audit log. Runs as the database owner
 * (the app's role cannot write system_operators, db/app-role.ts), so only someone with the owner's credentials can.
 */
export async function grantSystemOperator(db: Db, context: Omit<AuditContext, "organizationId">, params: { email: string }): Promise<OperatorChange> {
  const user = await findUserByEmail(db, params.email);
  if (!user) return { ok: false, message: `No user has the email ${params.email}.` };
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(systemOperators).values({ userId: user.id, grantedBy: context.actorEmail ?? "unknown" }).onConflictDoNothing().returning();
    if (inserted.length > 0) {
      await record(tx, { ...context, organizationId: user.organizationId }, { action: "system_operator.granted", targetType: "user", targetId: user.id, summary: { email: user.email } });
    }
    return { ok: true, changed: inserted.length > 0 };
  });
}

export async function revokeSystemOperator(db: Db, context: Omit<AuditContext, "organizationId">, params: { email: string }): Promise<OperatorChange> {
  const user = await findUserByEmail(db, params.email);
  if (!user) return { ok: false, message: `No user has the email ${params.email}.` };
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(systemOperators).where(eq(systemOperators.userId, user.id)).returning();
    if (deleted.length > 0) {
      await record(tx, { ...context, organizationId: user.organizationId }, { action: "system_operator.revoked", targetType: "user", targetId: user.id, summary: { email: user.email } });
    }
    return { ok: true, changed: deleted.length > 0 };
  });
}

export async function listSystemOperators(db: Db) {
  return db
    .select({ email: users.email, name: users.name, grantedAt: systemOperators.grantedAt, grantedBy: systemOperators.grantedBy })
    .from(systemOperators)
    .innerJoin(users, eq(users.id, systemOperators.userId))
    .orderBy(asc(users.email));
}
