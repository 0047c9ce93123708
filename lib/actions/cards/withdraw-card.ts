"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { formOrderOptions } from "./form-order-options";
import { cardAmountSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const withdrawCardAction = guardedAction({
  permission: "card.fund",
  input: cardAmountSchema,
  resource: cardResource,
  resourceType: "card",
  run: async (input, { db, user, meta }) =>
    requestCardChange(db, user, meta, input.cardId, { type: "withdraw", amount: input.amount }, await formOrderOptions(db, input.orderId)),
});
