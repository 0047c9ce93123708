"use server";

import { guardedAction } from "@/lib/actions/guard";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";

export const issueCardAction = guardedAction({
  permission: "card.issue",
  input: issueCardSchema,
  run: (input, { db, user, meta }) => issueCard(db, user, meta, input),
});
