import type { Db } from "@/db/client";
import { upsertApprovalPolicy } from "@/db/queries/approval-policies";
import type { RequestKind } from "@/db/schema/requests";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { parseFormAmount } from "@/lib/cards/amounts";
import { ActionError } from "@/lib/actions/result";
import { isKnownCurrency } from "@/lib/money";
import { UNKNOWN_CURRENCY_MESSAGE } from "@/lib/validation/currency-code";

/** Sets the finance threshold of one request kind and currency (admins, in Settings). Applies to requests filed from now on. */
export async function updateApprovalPolicy(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: { kind: RequestKind; currency: string; threshold: string },
): Promise<{ threshold: string }> {
  // approvalPolicySchema already refused an unknown code on its field, together with the other fields' problems; this
  // is the same check for a caller that skipped the schema (currencyExponent alone takes any three letters as 2 decimals).
  const currency = input.currency.trim().toUpperCase();
  if (!isKnownCurrency(currency)) throw new ActionError("invalid_input", "Some fields need attention.", { currency: UNKNOWN_CURRENCY_MESSAGE });
  // Zero is allowed: it means every request of this kind needs finance.
  const threshold = /^0+(\.0+)?$/.test(input.threshold) ? 0n : parseFormAmount("threshold", input.threshold, currency).amount;
  return db.transaction(async (tx) => {
    const { row, previous } = await upsertApprovalPolicy(tx, { organizationId: user.organizationId, kind: input.kind, currency, threshold, updatedByUserId: user.id });
    await record(tx, auditContextFor(user, meta), {
      action: "approval_policy.updated",
      targetType: "approval_policy",
      targetId: row.id,
      summary: { kind: input.kind, currency, threshold, previous: previous ?? "none" },
    });
    return { threshold: row.threshold.toString() };
  });
}
