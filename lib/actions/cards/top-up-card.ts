"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { cardAmountSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const topUpCardAction = guardedAction({
  permission: "card.fund",
  input: cardAmountSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => requestCardChange(db, user, meta, input.cardId, { type: "topup", amount: input.amount }),
});
