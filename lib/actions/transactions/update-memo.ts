"use server";

import { findTransaction } from "@/db/queries/transactions";
import { guardedAction } from "@/lib/actions/guard";
import { updateMemo, updateMemoSchema } from "@/lib/transactions/update-memo";

export const updateMemoAction = guardedAction({
  permission: "transaction.view",
  input: updateMemoSchema,
  resource: async (input, { db }) => {
    const transaction = await findTransaction(db, input.transactionId);
    return transaction
      ? {
          id: transaction.id,
          organizationId: transaction.organizationId,
          ownerUserId: transaction.ownerUserId,
          teamId: transaction.teamId,
        }
      : null;
  },
  resourceType: "transaction",
  run: (input, { db, user, meta }) => updateMemo(db, user, meta, input),
});
