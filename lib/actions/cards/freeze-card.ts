"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { formOrderOptions } from "./form-order-options";
import { cardIdSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const freezeCardAction = guardedAction({
  permission: "card.freeze",
  input: cardIdSchema,
  resource: cardResource,
  resourceType: "card",
  run: async (input, { db, user, meta }) =>
    requestCardChange(db, user, meta, input.cardId, { type: "freeze" }, await formOrderOptions(db, input.orderId)),
});
