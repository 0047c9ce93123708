"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { record } from "@/lib/audit/record";
import { auditContextFor } from "@/lib/auth/session-user";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";

export const refreshFundingAction = guardedAction({
  permission: "funding.view",
  input: z.object({ accountId: z.uuid().optional() }),
  run: async (input, { db, user, meta }) => {
    const summary = await refreshAllFunding(db, { organizationId: user.organizationId, accountId: input.accountId });
    await record(db, auditContextFor(user, meta), { action: "funding.refreshed", summary: { refreshed: summary.refreshed, failed: summary.failed.length } });
    return summary;
  },
});
