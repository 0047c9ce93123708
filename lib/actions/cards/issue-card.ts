"use server";

import { guardedAction } from "@/lib/actions/guard";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardActionSchema } from "@/lib/cards/schemas";
import { formOrderOptions } from "./form-order-options";

export const issueCardAction = guardedAction({
  permission: "card.issue",
  input: issueCardActionSchema,
  run: async ({ orderId, ...input }, { db, user, meta }) =>
    issueCard(db, user, meta, input, await formOrderOptions(db, orderId)),
});
