import type { DbOrTx } from "@/db/client";
import { findSession, revokeSession, touchSession } from "@/db/queries/sessions";
import { findUserById } from "@/db/queries/users";
import { env } from "@/lib/env";
import { getSettings } from "@/lib/settings/get-settings";
import { toSessionUser, type SessionUser } from "./session-user";

const TOUCH_EVERY_MS = 30_000;

/**
 * Turns a session id from the (signed) cookie into a user, or null. The database decides: a revoked, expired or
 * idle session, or a deactivated user, is signed out on the very next request whatever the cookie says.
 */
export async function resolveSession(db: DbOrTx, sessionId: string, now = new Date()): Promise<SessionUser | null> {
  const session = await findSession(db, sessionId);
  if (!session || session.revokedAt) return null;
  const user = await findUserById(db, session.userId);
  // The idle timeout is an administrator's setting, read per request so a change applies without a restart.
  const idleMs = (user ? (await getSettings(db, user.organizationId)).sessionIdleMinutes : env().SESSION_IDLE_MINUTES) * 60_000;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs) {
    await revokeSession(db, { id: session.id, at: now });
    return null;
  }
  if (!user || !user.active) {
    await revokeSession(db, { id: session.id, at: now });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, { id: session.id, at: now });
  return toSessionUser(user, session);
}
