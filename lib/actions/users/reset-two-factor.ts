"use server";

import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { personIdSchema } from "@/lib/users/schemas";

export const resetTwoFactorAction = guardedAction({
  permission: "admin.manage",
  input: personIdSchema,
  // Leaves the person's password as the only way in, and a reset password link then opens the account.
  requireStepUp: true,
  auditTarget: (input) => ({ type: "user", id: input.userId }),
  run: async (input, context) => {
    await resetTwoFactor(context.db, adminContextFor(context), input);
    return null;
  },
});
