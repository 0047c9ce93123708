import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userRoles, users } from "@/db/schema/users";

/**
 * The email addresses of an organisation's active administrators other than this person: for the operator's
 * `npm run setup -- --new-link` messages, which name who could help in the app instead. Read under the organisation's
 * lock (lib/users/last-admin.ts) for an answer that holds until the transaction ends. In the order of the
 * organisation's people index (users_organization_name_email_id_idx).
 */
export async function otherActiveAdminEmails(db: DbOrTx, params: { organizationId: string; exceptUserId: string }): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organizationId, params.organizationId), eq(users.active, true), eq(userRoles.role, "admin"), ne(users.id, params.exceptUserId)))
    .orderBy(asc(users.name), asc(users.email), asc(users.id));
  return rows.map((row) => row.email);
}
