import type { DbOrTx } from "@/db/client";
import { latestVerification } from "@/db/queries/audit-verifications";
import { hasSeveralOrganizations } from "@/db/queries/organizations";
import type { SessionUser } from "@/lib/auth/session-user";
import { toVerificationStatus, type VerificationDetail, type VerificationStatus } from "./verification-status";

/**
 * Security boundary: the audit chain, and so every verification run, spans the whole installation. Its row counts,
 * the row a break was found at and the reason text would let one organisation measure the others' activity, so with
 * more than one organisation only installation operators (`npm run operators`) get them; everyone else sees the state
 * and the times. `npm run audit:verify` gives operators the full result outside the app as well.
 */
export async function verificationDetailFor(db: DbOrTx, user: SessionUser): Promise<VerificationDetail> {
  if (user.systemOperator) return "counts";
  return (await hasSeveralOrganizations(db)) ? "outcome" : "counts";
}

/** The newest run as this user may see it (the audit page and its poll); the caller checks `audit.verify`. */
export async function latestVerificationStatusFor(db: DbOrTx, user: SessionUser): Promise<VerificationStatus | null> {
  const row = await latestVerification(db);
  return row ? toVerificationStatus(row, await verificationDetailFor(db, user)) : null;
}
