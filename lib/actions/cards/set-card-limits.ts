"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { setCardLimitsSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const setCardLimitsAction = guardedAction({
  permission: "card.set_limits",
  input: setCardLimitsSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => requestCardChange(db, user, meta, input.cardId, { type: "limits", perTransactionLimit: input.perTransactionLimit, lifetimeLimit: input.lifetimeLimit }),
});
