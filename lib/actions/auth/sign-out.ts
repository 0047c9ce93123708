"use server";

import { getDb } from "@/db/client";
import { signOut } from "@/lib/auth/auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { endSession } from "@/lib/auth/end-session";
import { currentRequestMeta } from "@/lib/auth/request-meta";

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await endSession(getDb(), { sessionId: user.sessionId, owner: user, reason: "signed_out", meta: await currentRequestMeta() });
  await signOut({ redirectTo: "/sign-in" });
}
