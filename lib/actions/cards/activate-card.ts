"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { cardIdSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

/** Activation completes an issue (cardopenapi 卡激活): finance's, like issuing. */
export const activateCardAction = guardedAction({
  permission: "card.issue",
  input: cardIdSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => requestCardChange(db, user, meta, input.cardId, { type: "activate" }),
});
