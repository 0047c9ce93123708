"use server";

import { guardedAction } from "@/lib/actions/guard";
import { editProviderAccountSchema } from "@/lib/provider-accounts/schemas";
import { updateProviderAccount } from "@/lib/provider-accounts/update-account";
import { adminContextFor } from "@/lib/users/admin-context";

export const editProviderAccountAction = guardedAction({
  permission: "admin.manage",
  input: editProviderAccountSchema,
  run: async (input, context) => {
    await updateProviderAccount(context.db, adminContextFor(context), input);
    return null;
  },
});
