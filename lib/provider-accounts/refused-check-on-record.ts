import type { DbOrTx } from "@/db/client";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";

type RefusedCheck = {
  action: "provider_account.connect_failed" | "provider_account.change_failed";
  /** The stored account, when there is one (a change); a new connection has none yet. */
  targetId?: string;
  /** What the row says besides the provider's answer (added as `problem`): label, provider, address. */
  summary: Record<string, unknown>;
};

/**
 * Runs checks that send an account's credentials (typed, or stored) to the address in the form. SECURITY: a refusal is
 * put on record (what `refusal` names and the provider's answer; never the credentials), as a test of a stored account
 * is, before the refusal goes on to the person who asked.
 */
export async function refusedCheckOnRecord<T>(db: DbOrTx, context: AuditContext, refusal: RefusedCheck, checks: () => Promise<T>): Promise<T> {
  try {
    return await checks();
  } catch (error) {
    if (error instanceof ActionError) {
      await record(db, context, {
        action: refusal.action,
        outcome: "failure",
        targetType: "provider_account",
        targetId: refusal.targetId,
        summary: { ...refusal.summary, problem: error.message },
      });
    }
    throw error;
  }
}
