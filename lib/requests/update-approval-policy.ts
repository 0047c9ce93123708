import type { Db } from "@/db/client";
import { upsertApprovalPolicy } from "@/db/queries/approval-policies";
import type { RequestKind } from "@/db/schema/requests";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { parseFormAmount } from "@/lib/cards/amounts";
import { ActionError } from "@/lib/actions/result";
import { currencyExponent, MoneyError } from "@/lib/money";

/** Sets the finance threshold of one request kind and currency (admins, in Settings). Applies to requests filed from now on. */
export async function updateApprovalPolicy(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: { kind: RequestKind; currency: string; threshold: string },
): Promise<{ threshold: string }> {
  try {
    currencyExponent(input.currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new ActionError("invalid_input", "Some fields need attention.", { currency: "Unknown currency code." });
    throw error;
  }
  // Zero is allowed: it means every request of this kind needs finance.
  const threshold = /^0+(\.0+)?$/.test(input.threshold) ? 0n : parseFormAmount("threshold", input.threshold, input.currency).amount;
  return db.transaction(async (tx) => {
    const { row, previous } = await upsertApprovalPolicy(tx, { organizationId: user.organizationId, kind: input.kind, currency: input.currency, threshold, updatedByUserId: user.id });
    await record(tx, auditContextFor(user, meta), {
      action: "approval_policy.updated",
      targetType: "approval_policy",
      targetId: row.id,
      summary: { kind: input.kind, currency: input.currency, threshold, previous: previous ?? "none" },
    });
    return { threshold: row.threshold.toString() };
  });
}
