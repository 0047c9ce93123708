"use server";

import { guardedAction } from "@/lib/actions/guard";
import { connectProviderAccount } from "@/lib/provider-accounts/connect-account";
import { readAccountSoon } from "@/lib/provider-accounts/read-account-soon";
import { addProviderAccountSchema } from "@/lib/provider-accounts/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const addProviderAccountAction = guardedAction({
  permission: "admin.manage",
  input: addProviderAccountSchema,
  run: async (input, context) => {
    const settings = { timeZone: input.timeZone, apiVersion: input.apiVersion };
    const account = await connectProviderAccount(context.db, adminContextFor(context), {
      organizationId: context.user.organizationId,
      provider: input.provider,
      label: input.label,
      baseUrl: input.baseUrl,
      credentials: input.credentials,
      settings: settings.timeZone || settings.apiVersion ? settings : undefined,
    });
    await readAccountSoon(account.id);
    return account;
  },
});
