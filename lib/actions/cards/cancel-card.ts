"use server";

import { guardedAction } from "@/lib/actions/guard";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { cancelCardSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const cancelCardAction = guardedAction({
  permission: "card.cancel",
  input: cancelCardSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => requestCardChange(db, user, meta, input.cardId, { type: "cancel" }),
});
