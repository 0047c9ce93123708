"use server";

import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { resetPassword } from "@/lib/users/reset-password";
import { personIdSchema } from "@/lib/users/schemas";

export const resetPasswordAction = guardedAction({
  permission: "admin.manage",
  input: personIdSchema,
  // The link it returns is the way into the person's account.
  requireStepUp: true,
  auditTarget: (input) => ({ type: "user", id: input.userId }),
  run: async (input, context) => {
    const invitation = await resetPassword(context.db, adminContextFor(context), input);
    return { url: invitation.url, expiresAt: invitation.expiresAt.toISOString() };
  },
});
