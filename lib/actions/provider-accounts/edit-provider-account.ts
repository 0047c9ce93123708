"use server";

import { guardedAction } from "@/lib/actions/guard";
import { readAccountSoon } from "@/lib/provider-accounts/read-account-soon";
import { editProviderAccountSchema } from "@/lib/provider-accounts/schemas";
import { updateProviderAccount } from "@/lib/provider-accounts/update-account";
import { adminContextFor } from "@/lib/users/admin-context";

export const editProviderAccountAction = guardedAction({
  permission: "admin.manage",
  input: editProviderAccountSchema,
  run: async (input, context) => {
    const { moved, active } = await updateProviderAccount(context.db, adminContextFor(context), input);
    // New credentials or a new address: its products, balances and statements are read from there now, not at the
    // next scheduled runs (an inactive account is read when it is switched back on).
    if (moved && active) await readAccountSoon(input.accountId);
    return null;
  },
});
