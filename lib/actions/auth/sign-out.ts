"use server";

import { getDb } from "@/db/client";
import { revokeSession } from "@/db/queries/sessions";
import { record } from "@/lib/audit/record";
import { signOut } from "@/lib/auth/auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { auditContextFor } from "@/lib/auth/session-user";

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) {
    const meta = await currentRequestMeta();
    await getDb().transaction(async (tx) => {
      await revokeSession(tx, { id: user.sessionId, at: new Date() });
      await record(tx, auditContextFor(user, meta), { action: "auth.signed_out", targetType: "session", targetId: user.sessionId });
    });
  }
  await signOut({ redirectTo: "/sign-in" });
}
