"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { formOrderOptions } from "./form-order-options";
import { setCardLimitsSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const setCardLimitsAction = guardedAction({
  permission: "card.set_limits",
  input: setCardLimitsSchema,
  resource: cardResource,
  resourceType: "card",
  run: async (input, { db, user, meta }) =>
    requestCardChange(db, user, meta, input.cardId, { type: "limits", perTransactionLimit: input.perTransactionLimit, lifetimeLimit: input.lifetimeLimit }, await formOrderOptions(db, input.orderId)),
});
