"use server";

import { guardedAction } from "@/lib/actions/guard";
import { providerAccountIdSchema } from "@/lib/provider-accounts/schemas";
import { testProviderConnection } from "@/lib/provider-accounts/test-connection";
import { adminContextFor } from "@/lib/users/admin-context";

export const testProviderAccountAction = guardedAction({
  permission: "admin.manage",
  input: providerAccountIdSchema,
  run: (input, context) => testProviderConnection(context.db, adminContextFor(context), input),
});
