import type { DbOrTx } from "@/db/client";
import { revokeSession, revokeUserSessions } from "@/db/queries/sessions";
import { record, type AuditContext } from "@/lib/audit/record";
import type { RequestMeta } from "./session-user";

export type SessionEndReason =
  | "signed_out"
  | "idle_timeout"
  | "max_age"
  | "user_deactivated"
  | "revoked_by_admin"
  | "password_changed"
  | "password_reset"
  | "two_factor_reset";

type SessionOwner = { id: string; organizationId: string; email: string; roles?: readonly string[] };

function contextFor(owner: SessionOwner, meta: RequestMeta, actor?: AuditContext): AuditContext {
  return actor ?? { organizationId: owner.organizationId, actorUserId: owner.id, actorEmail: owner.email, actorRoles: owner.roles ?? [], ...meta };
}

/**
 * Every way a session ends goes through here: the session is revoked in the database (so a replayed cookie opens
 * nothing) and the end is audited in the same transaction, once, however many requests race to end it.
 */
export async function endSession(
  db: DbOrTx,
  params: { sessionId: string; owner: SessionOwner; reason: SessionEndReason; meta: RequestMeta; at?: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ended = await revokeSession(tx, { id: params.sessionId, at: params.at ?? new Date() });
    if (!ended) return false;
    await record(tx, contextFor(params.owner, params.meta), {
      action: params.reason === "signed_out" ? "auth.signed_out" : "auth.session_revoked",
      targetType: "session",
      targetId: params.sessionId,
      summary: params.reason === "signed_out" ? {} : { reason: params.reason, userId: params.owner.id },
    });
    return true;
  });
}

/**
 * Ends all of a user's sessions (deactivation, a credential reset), or all but the one making the change (their own
 * password change), one audit row per session, naming who did it.
 */
export async function endUserSessions(
  db: DbOrTx,
  params: { owner: SessionOwner; reason: Exclude<SessionEndReason, "signed_out">; actor: AuditContext; exceptSessionId?: string; at?: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await revokeUserSessions(tx, { userId: params.owner.id, exceptSessionId: params.exceptSessionId, at: params.at ?? new Date() });
    for (const sessionId of ended) {
      await record(tx, contextFor(params.owner, { ip: null, userAgent: null }, params.actor), {
        action: "auth.session_revoked",
        targetType: "session",
        targetId: sessionId,
        summary: { reason: params.reason, userId: params.owner.id },
      });
    }
    return ended.length;
  });
}
