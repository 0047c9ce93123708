import type { DbOrTx } from "@/db/client";
import { createSession } from "@/db/queries/sessions";
import { findUserByEmail } from "@/db/queries/users";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";

/** A signed-in user as the server sees one, for calling domain functions directly in integration tests. */
export async function sessionUserFor(db: DbOrTx, email: string): Promise<SessionUser> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`no user ${email}`);
  return toSessionUser(user, { id: "00000000-0000-4000-8000-000000000000", reauthenticatedAt: new Date() });
}

/** A real server session of this person for an hour, for the page tests whose stubbed cookie names it. */
export async function sessionIdFor(db: DbOrTx, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`no user ${email}`);
  return (await createSession(db, { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null })).id;
}

export const TEST_META = { ip: "127.0.0.1", userAgent: "vitest" };
