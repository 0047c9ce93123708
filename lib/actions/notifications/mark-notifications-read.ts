"use server";

import { z } from "zod";
import { markNotificationsRead } from "@/db/queries/notifications";
import { guardedAction } from "@/lib/actions/guard";
import { uuidSchema } from "@/lib/validation/uuid";

/**
 * Every role has notifications and every role may view cards, so card.view is the "any signed-in person" gate;
 * the query itself only ever touches the caller's own rows. The ids are required: "Mark all read" sends the ones the
 * menu showed, so a notice written after its last poll, or older than its page, stays unread.
 */
export const markNotificationsReadAction = guardedAction({
  permission: "card.view",
  input: z.object({ ids: z.array(uuidSchema()).min(1, "Choose the notifications to mark read.").max(100) }),
  run: async (input, { db, user }) => ({ marked: await markNotificationsRead(db, { recipientUserId: user.id, ids: input.ids }) }),
});
