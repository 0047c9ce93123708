"use server";

import { z } from "zod";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { guardedAction } from "@/lib/actions/guard";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { auditContextFor } from "@/lib/auth/session-user";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { uuidSchema } from "@/lib/validation/uuid";

/**
 * Asks the providers for the current funding balances now. It writes (balances, their history, low-balance alerts)
 * and calls the providers, so seeing the funding page is not enough: it takes the permission to act on funding,
 * which auditors (read everything, change nothing) never hold. Anyone else's attempt is refused and audited.
 */
export const refreshFundingAction = guardedAction({
  permission: "card.fund",
  input: z.object({ accountId: uuidSchema().optional() }),
  run: async (input, { db, user, meta }) => {
    if (input.accountId) {
      const account = await findProviderAccount(db, input.accountId);
      // Switched off since the page was drawn, another organisation's, or unknown: nothing to refresh, and "Up to date"
      // would be false.
      if (!account || account.organizationId !== user.organizationId || !account.active) {
        throw new ActionError("not_found", "This provider account is switched off or no longer exists, so its balances were not refreshed.");
      }
    }
    const summary = await refreshAllFunding(db, { organizationId: user.organizationId, accountId: input.accountId });
    await record(db, auditContextFor(user, meta), { action: "funding.refreshed", summary: { refreshed: summary.refreshed, failed: summary.failed.length } });
    return summary;
  },
});
