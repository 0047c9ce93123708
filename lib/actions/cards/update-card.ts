"use server";

import { guardedAction } from "@/lib/actions/guard";
import { updateCardDetails } from "@/lib/cards/edit-card";
import { updateCardSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const updateCardAction = guardedAction({
  permission: "card.edit",
  input: updateCardSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => updateCardDetails(db, user, meta, input),
});
