import type { DbOrTx } from "@/db/client";
import { findUserByEmail } from "@/db/queries/users";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";

/** A signed-in user as the server sees one, for calling domain functions directly in integration tests. */
export async function sessionUserFor(db: DbOrTx, email: string): Promise<SessionUser> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`no user ${email}`);
  return toSessionUser(user, { id: "00000000-0000-4000-8000-000000000000", reauthenticatedAt: new Date() });
}

export const TEST_META = { ip: "127.0.0.1", userAgent: "vitest" };
