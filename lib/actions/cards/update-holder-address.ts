"use server";

import { guardedAction } from "@/lib/actions/guard";
import { holderAddressSchema } from "@/lib/cards/schemas";
import { updateHolderAddress } from "@/lib/cards/update-holder-address";
import { cardResource } from "./card-resource";

export const updateHolderAddressAction = guardedAction({
  permission: "card.edit",
  input: holderAddressSchema,
  resource: cardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => updateHolderAddress(db, user, meta, input),
});
