"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
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
    const summary = await refreshAllFunding(db, { organizationId: user.organizationId, accountId: input.accountId });
    await record(db, auditContextFor(user, meta), { action: "funding.refreshed", summary: { refreshed: summary.refreshed, failed: summary.failed.length } });
    return summary;
  },
});
