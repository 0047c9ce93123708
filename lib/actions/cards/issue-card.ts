"use server";

import { guardedAction } from "@/lib/actions/guard";
import { issueCard } from "@/lib/cards/issue-card";
import { submissionOrderId } from "@/lib/cards/repeated-order";
import { issueCardActionSchema } from "@/lib/cards/schemas";

/**
 * How long the form waits for the provider's first answer (a refusal such as insufficient funds is then shown on the
 * form): a provider that answers later is followed on the card's page instead of holding the form.
 */
const FIRST_ANSWER_WAIT_MS = 5_000;

export const issueCardAction = guardedAction({
  permission: "card.issue",
  input: issueCardActionSchema,
  run: async ({ orderId, ...input }, { db, user, meta }) =>
    issueCard(db, user, meta, input, { orderId: await submissionOrderId(db, orderId), answerWithinMs: FIRST_ANSWER_WAIT_MS }),
});
