import { getDb } from "@/db/client";
import { latestVerification } from "@/db/queries/audit-verifications";
import { toVerificationStatus } from "@/lib/audit/verification-status";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

/** GET /audit/verification: the newest verification run and its progress, for those who may start one (polled: not activity). */
export async function GET(): Promise<Response> {
  const user = await getPollingUser();
  const headers = { "Cache-Control": "no-store" };
  if (!user) return Response.json({ error: "Sign in again." }, { status: 401, headers });
  if (!can(user, "audit.verify")) return Response.json({ error: "You do not have permission to verify the audit log." }, { status: 403, headers });
  const row = await latestVerification(getDb());
  return Response.json({ verification: row ? toVerificationStatus(row) : null }, { headers });
}
