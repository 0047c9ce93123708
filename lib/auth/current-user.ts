import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { record } from "@/lib/audit/record";
import { auth } from "./auth";
import { can, type OwnedResource, type PermissionAction } from "./permissions";
import { resolveSession } from "./resolve-session";
import { currentRequestMeta } from "./request-meta";
import { auditContextFor, type SessionUser } from "./session-user";

/** Once per request: the cookie names a session, and the database says whether it still stands. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.sessionId) return null;
  return resolveSession(getDb(), session.sessionId);
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For pages: the signed-in user if they may do this, otherwise the 403 page. */
export async function requirePermission(action: PermissionAction, resource?: OwnedResource): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, action, resource)) {
    await record(getDb(), auditContextFor(user, await currentRequestMeta()), {
      action: "permission.denied",
      outcome: "denied",
      summary: { permission: action },
    });
    forbidden();
  }
  return user;
}
