import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import type { SessionUser } from "@/lib/auth/session-user";
import { sessionUserFor } from "./session-user";

/** The demo admin's session as the server resolves it, last proven (sign-in, password or code) `ageMs` ago. */
export async function adminSessionProvedAgo(db: Db, ageMs: number): Promise<SessionUser> {
  const admin = await sessionUserFor(db, "admin@demo.test");
  return { ...admin, reauthenticatedAt: new Date(Date.now() - ageMs) };
}

/** The newest refusal recorded for the demo admin. */
export async function lastAdminDenial(db: Db) {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorEmail, "admin@demo.test"), eq(auditLog.outcome, "denied")))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}
