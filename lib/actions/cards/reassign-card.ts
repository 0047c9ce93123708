"use server";

import { guardedAction } from "@/lib/actions/guard";
import { reassignCard } from "@/lib/cards/edit-card";
import { reassignCardSchema } from "@/lib/cards/schemas";
import { cardResource } from "./card-resource";

export const reassignCardAction = guardedAction({
  permission: "card.edit",
  input: reassignCardSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => reassignCard(db, user, meta, input),
});
