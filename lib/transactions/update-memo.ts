import { z } from "zod";
import type { Db } from "@/db/client";
import { findTransaction, updateTransactionMemo } from "@/db/queries/transactions";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { uuidSchema } from "@/lib/validation/uuid";
import { whyNoMemo } from "./memo-rights";

export const MEMO_MAX_LENGTH = 500;

export const updateMemoSchema = z.object({
  transactionId: uuidSchema({ message: "Unknown transaction." }),
  memo: z
    .string()
    .max(MEMO_MAX_LENGTH, `A memo is at most ${MEMO_MAX_LENGTH} characters.`)
    .transform((value) => value.trim())
    .refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value),
      "A memo cannot contain control characters.",
    ),
});
export type UpdateMemoInput = z.output<typeof updateMemoSchema>;

/** A note on one's own transaction: stored only in Cardhub (never sent to the provider) and audited with the change. */
export async function updateMemo(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: UpdateMemoInput,
): Promise<{ memo: string | null }> {
  const memo = input.memo === "" ? null : input.memo;
  const found = await findTransaction(db, input.transactionId);
  if (!found || found.organizationId !== user.organizationId)
    throw new ActionError("not_found", "That transaction does not exist.");
  // Seeing a transaction (a manager's team, finance, auditors) is not owning it: only its cardholder writes the memo,
  // and not one who is only an auditor (whyNoMemo).
  const refused = whyNoMemo(user, found.ownerUserId);
  if (refused) {
    await record(db, auditContextFor(user, meta), {
      action: "permission.denied",
      outcome: "denied",
      targetType: "transaction",
      targetId: found.id,
      teamId: found.teamId,
      summary: { permission: "transaction.memo", reason: refused },
    });
    throw alreadyAudited(new ActionError("forbidden", refused === "not_own_transaction" ? "Only the cardholder can write a memo on this transaction." : "Auditors change nothing, memos included."));
  }
  return db.transaction(async (tx) => {
    const transaction = await findTransaction(tx, input.transactionId);
    if (!transaction) throw new ActionError("not_found", "That transaction does not exist.");
    await updateTransactionMemo(tx, { id: transaction.id, memo });
    await record(tx, auditContextFor(user, meta), {
      action: "transaction.memo_updated",
      targetType: "transaction",
      targetId: transaction.id,
      teamId: transaction.teamId,
      summary: { from: transaction.memo, to: memo, merchant: transaction.merchantName },
    });
    return { memo };
  });
}
