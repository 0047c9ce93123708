"use server";

import { guardedAction } from "@/lib/actions/guard";
import { rotateWebhookSecret } from "@/lib/provider-accounts/rotate-webhook-secret";
import { providerAccountIdSchema } from "@/lib/provider-accounts/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

export const rotateWebhookUrlAction = guardedAction({
  permission: "admin.manage",
  input: providerAccountIdSchema,
  // The admin gets the URL only; the secret stands in it already.
  run: async (input, context) => {
    const { webhookUrl } = await rotateWebhookSecret(context.db, adminContextFor(context), input);
    return { webhookUrl };
  },
});
