import type { DbOrTx } from "@/db/client";
import { findSession, touchSession } from "@/db/queries/sessions";
import { findUserById } from "@/db/queries/users";
import { env } from "@/lib/env";
import { getSettings } from "@/lib/settings/get-settings";
import { endSession } from "./end-session";
import { toSessionUser, type RequestMeta, type SessionUser } from "./session-user";

const TOUCH_EVERY_MS = 30_000;

/**
 * Turns a session id from the (signed) cookie into a user, or null. The database decides: a revoked, expired or
 * idle session, or a deactivated user, is signed out on the very next request whatever the cookie says, and that
 * end is audited (once).
 *
 * `touch: false` is for background polls: they are checked like any request but are not activity, otherwise an
 * open tab would hold its session past the idle timeout until the maximum age.
 */
export async function resolveSession(
  db: DbOrTx,
  sessionId: string,
  now = new Date(),
  meta: RequestMeta = { ip: null, userAgent: null },
  options: { touch: boolean } = { touch: true },
): Promise<SessionUser | null> {
  const session = await findSession(db, sessionId);
  if (!session || session.revokedAt) return null;
  const user = await findUserById(db, session.userId);
  // The idle timeout is an administrator's setting, read per request so a change applies without a restart.
  const idleMs = (user ? (await getSettings(db, user.organizationId)).sessionIdleMinutes : env().SESSION_IDLE_MINUTES) * 60_000;
  const reason =
    !user || !user.active
      ? "user_deactivated"
      : session.expiresAt <= now
        ? "max_age"
        : now.getTime() - session.lastSeenAt.getTime() > idleMs
          ? "idle_timeout"
          : null;
  if (reason) {
    if (user) await endSession(db, { sessionId: session.id, owner: user, reason, meta, at: now });
    return null;
  }
  if (options.touch && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, { id: session.id, at: now });
  return toSessionUser(user!, session);
}
