import type { Db } from "@/db/client";
import { submissionOrderId } from "@/lib/cards/repeated-order";
import { FORM_ANSWER_WAIT_MS } from "@/lib/orders/answer-within";

/**
 * The order options of a card form's submission: its own id (a submission sent again follows the first one's order)
 * and the bounded wait for the provider's first answer, so a hanging provider never holds the dialog.
 */
export async function formOrderOptions(db: Db, orderId: string | undefined): Promise<{ orderId: string | undefined; answerWithinMs: number }> {
  return { orderId: await submissionOrderId(db, orderId), answerWithinMs: FORM_ANSWER_WAIT_MS };
}
