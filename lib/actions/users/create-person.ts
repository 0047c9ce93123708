"use server";

import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { createPerson } from "@/lib/users/create-person";
import { createPersonSchema } from "@/lib/users/schemas";

export const createPersonAction = guardedAction({
  permission: "admin.manage",
  input: createPersonSchema,
  // Both methods hand out a way in: the invitation link, or the initial password the administrator chose.
  requireStepUp: true,
  run: async (input, context) => {
    const created = await createPerson(context.db, adminContextFor(context), input);
    return { userId: created.userId, invitation: created.invitation ? { url: created.invitation.url, expiresAt: created.invitation.expiresAt.toISOString() } : null };
  },
});
