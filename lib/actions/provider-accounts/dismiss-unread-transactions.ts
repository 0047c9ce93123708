"use server";

import { findProviderAccount } from "@/db/queries/provider-accounts";
import { guardedAction } from "@/lib/actions/guard";
import { dismissUnreadTransactions } from "@/lib/provider-accounts/dismiss-unread";
import { dismissUnreadSchema } from "@/lib/provider-accounts/unread-dismissal-schema";
import { adminContextFor } from "@/lib/users/admin-context";

/**
 * Finance or an administrator dismisses provider transactions Cardhub could not read, one or all of an account's, with
 * a reason: they stop counting as missing from the ledger. Auditors, managers and employees are refused, on record.
 */
export const dismissUnreadTransactionsAction = guardedAction({
  permission: "transaction.dismiss_unread",
  input: dismissUnreadSchema,
  // The account decides the organisation: another's is answered as one that does not exist.
  resource: async (input, { db }) => {
    const account = await findProviderAccount(db, input.accountId);
    return account ? { id: account.id, organizationId: account.organizationId, ownerUserId: null, teamId: null } : null;
  },
  resourceType: "provider_account",
  run: (input, context) => dismissUnreadTransactions(context.db, adminContextFor(context), input),
});
