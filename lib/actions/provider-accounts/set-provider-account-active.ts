"use server";

import { guardedAction } from "@/lib/actions/guard";
import { setProviderAccountActiveSchema } from "@/lib/provider-accounts/schemas";
import { readAccountSoon } from "@/lib/provider-accounts/read-account-soon";
import { setProviderAccountActive } from "@/lib/provider-accounts/update-account";
import { adminContextFor } from "@/lib/users/admin-context";

export const setProviderAccountActiveAction = guardedAction({
  permission: "admin.manage",
  input: setProviderAccountActiveSchema,
  run: async (input, context) => {
    await setProviderAccountActive(context.db, adminContextFor(context), input);
    if (input.active) await readAccountSoon(input.accountId);
    return null;
  },
});
