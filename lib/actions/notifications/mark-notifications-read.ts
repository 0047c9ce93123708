"use server";

import { z } from "zod";
import { markNotificationsRead } from "@/db/queries/notifications";
import { guardedAction } from "@/lib/actions/guard";

/**
 * Every role has notifications and every role may view cards, so card.view is the "any signed-in person" gate;
 * the query itself only ever touches the caller's own rows.
 */
export const markNotificationsReadAction = guardedAction({
  permission: "card.view",
  input: z.object({ ids: z.array(z.uuid()).max(100).optional() }),
  run: async (input, { db, user }) => ({ marked: await markNotificationsRead(db, { recipientUserId: user.id, ids: input.ids }) }),
});
