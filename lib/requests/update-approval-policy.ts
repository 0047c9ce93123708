import type { Db } from "@/db/client";
import { upsertApprovalPolicy } from "@/db/queries/approval-policies";
import type { RequestKind } from "@/db/schema/requests";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { parseFormAmount } from "@/lib/cards/amounts";
import { ActionError } from "@/lib/actions/result";
import { minorToDecimalText } from "@/lib/format";
import { isKnownCurrency } from "@/lib/money";
import { UNKNOWN_CURRENCY_MESSAGE } from "@/lib/validation/currency-code";
import { ApprovalThresholdMovedError } from "./approval-threshold-moved-error";

/**
 * Sets the finance threshold of one request kind and currency (admins, in Settings). Applies to requests filed from now on.
 * `expected`: the threshold the administrator saw, as decimal text ("1000.00"), or null for none (Add approval threshold); left
 * out, the save writes whatever is in force. It is compared with the row this save locks or inserts, inside the save's
 * own transaction: a check before it would let two saves in the same instant both pass and the second write over the
 * first, changing who approves money without anyone seeing it (ApprovalThresholdMovedError, nothing written).
 */
export async function updateApprovalPolicy(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: { kind: RequestKind; currency: string; threshold: string; expected?: string | null },
): Promise<{ threshold: string }> {
  // approvalPolicySchema already refused an unknown code on its field, together with the other fields' problems; this
  // is the same check for a caller that skipped the schema (currencyExponent alone takes any three letters as 2 decimals).
  const currency = input.currency.trim().toUpperCase();
  if (!isKnownCurrency(currency)) throw new ActionError("invalid_input", "Some fields need attention.", { currency: UNKNOWN_CURRENCY_MESSAGE });
  // Zero is allowed: it means every request of this kind needs finance.
  const threshold = /^0+(\.0+)?$/.test(input.threshold) ? 0n : parseFormAmount("threshold", input.threshold, currency).amount;
  return db.transaction(async (tx) => {
    const { row, previous } = await upsertApprovalPolicy(tx, { organizationId: user.organizationId, kind: input.kind, currency, threshold, updatedByUserId: user.id });
    const inForce = previous === null ? null : minorToDecimalText(previous, currency);
    if (input.expected !== undefined && inForce !== input.expected) throw new ApprovalThresholdMovedError(previous);
    await record(tx, auditContextFor(user, meta), {
      action: "approval_policy.updated",
      targetType: "approval_policy",
      targetId: row.id,
      summary: { kind: input.kind, currency, threshold, previous: previous ?? "none" },
    });
    return { threshold: row.threshold.toString() };
  });
}
