import type { DbOrTx } from "@/db/client";
import type { RateLimitTicket } from "@/lib/rate-limit";
import { record, type AuditContext, type AuditEntry } from "./record";

/**
 * Audits a limit's refusal (sign-in, its second step, the step-up, the two-factor forms) as a denial, once per window of
 * each limited key. SECURITY: every audit row takes the installation-wide chain lock, and a refused client can retry
 * without end; the refusals after the first of a window change nothing (the limit already holds), so recording each
 * would let anyone grow the chain and contend its lock. consumeRateLimit tells exactly one refusal per window and key,
 * under the limit's own lock, that it is the first.
 */
export async function auditLimitRefusal(
  db: DbOrTx,
  context: AuditContext,
  ticket: Extract<RateLimitTicket, { limited: true }>,
  entry: Omit<AuditEntry, "outcome">,
): Promise<void> {
  if (ticket.firstRefusal) await record(db, context, { ...entry, outcome: "denied" });
}
