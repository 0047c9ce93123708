"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { formOrderOptions } from "./form-order-options";
import { cardIdSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

/** Activation completes an issue (cardopenapi 卡激活): finance's, and not on their own card (it releases its money). */
export const activateCardAction = guardedAction({
  permission: "card.activate",
  input: cardIdSchema,
  resource: cardResource,
  resourceType: "card",
  run: async (input, { db, user, meta }) =>
    requestCardChange(db, user, meta, input.cardId, { type: "activate" }, await formOrderOptions(db, input.orderId)),
});
