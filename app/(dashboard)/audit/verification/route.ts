import { getDb } from "@/db/client";
import { latestVerificationStatusFor } from "@/lib/audit/verification-detail";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

/**
 * GET /audit/verification: the newest verification run and its progress, for those who may start one (polled: not
 * activity). Row counts only where they measure no other organisation (lib/audit/verification-detail.ts).
 */
export async function GET(): Promise<Response> {
  const user = await getPollingUser();
  const headers = { "Cache-Control": "no-store" };
  if (!user) return Response.json({ error: "Sign in again." }, { status: 401, headers });
  if (!can(user, "audit.verify")) return Response.json({ error: "You do not have permission to verify the audit log." }, { status: 403, headers });
  return Response.json({ verification: await latestVerificationStatusFor(getDb(), user) }, { headers });
}
