"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { formOrderOptions } from "./form-order-options";
import { cancelCardSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const cancelCardAction = guardedAction({
  permission: "card.cancel",
  input: cancelCardSchema,
  resource: cardResource,
  resourceType: "card",
  run: async (input, { db, user, meta }) =>
    requestCardChange(db, user, meta, input.cardId, { type: "cancel" }, await formOrderOptions(db, input.orderId)),
});
