"use server";

import { guardedAction } from "@/lib/actions/guard";
import { issueCard } from "@/lib/cards/issue-card";
import { submissionOrderId } from "@/lib/cards/repeated-order";
import { issueCardActionSchema } from "@/lib/cards/schemas";

export const issueCardAction = guardedAction({
  permission: "card.issue",
  input: issueCardActionSchema,
  run: async ({ orderId, ...input }, { db, user, meta }) => issueCard(db, user, meta, input, { orderId: await submissionOrderId(db, orderId) }),
});
