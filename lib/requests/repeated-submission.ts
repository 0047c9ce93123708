import type { DbOrTx } from "@/db/client";
import { findRequestBySubmission } from "@/db/queries/request-submissions";
import { ActionError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import type { CreateRequestInput } from "./schemas";

/**
 * Money boundary: a submission of the new-request form sent again under its id (a double click, the browser's retry
 * after a lost answer) follows the request it filed first instead of filing a second, which would be approved, issued
 * and funded too. Returns that request's id, or null when the id filed nothing yet.
 */
export async function followRepeatedSubmission(db: DbOrTx, user: SessionUser, input: CreateRequestInput): Promise<{ requestId: string } | null> {
  if (!input.submissionId) return null;
  const first = await findRequestBySubmission(db, { organizationId: user.organizationId, submissionId: input.submissionId });
  if (!first) return null;
  // SECURITY: an id from the browser may be forged or guessed: another person's request is never followed or named.
  if (first.requesterUserId !== user.id) throw new ActionError("conflict", "This form is out of date. Reload the page and try again.");
  const cardId = input.kind === "new_card" ? null : input.cardId;
  if (first.kind !== input.kind || first.cardId !== cardId) {
    throw new ActionError(
      "conflict",
      "A different request was already sent from this form, and its answer may have been lost. Check My requests before filing another: reload the page to start a new one.",
    );
  }
  return { requestId: first.id };
}
