"use server";

import { approvalThresholdTakenMessage } from "@/components/settings/approval-policy-messages";
import { guardedAction } from "@/lib/actions/guard";
import { ActionError } from "@/lib/actions/result";
import { ApprovalThresholdMovedError } from "@/lib/requests/approval-threshold-moved-error";
import { approvalPolicySchema } from "@/lib/requests/schemas";
import { updateApprovalPolicy } from "@/lib/requests/update-approval-policy";

/**
 * Settings' "Add approval threshold": a threshold for a request kind and currency that have none. One already in force (shown
 * on its row, or added by another administrator since the page was read) is refused on the currency field, since
 * writing over it would silently change who approves money; its row's Save (updateApprovalPolicyAction) changes it.
 */
export const addApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: approvalPolicySchema,
  // As a change: a threshold decides whether finance sees a request at all.
  requireStepUp: true,
  run: async (input, { db, user, meta }) => {
    try {
      return await updateApprovalPolicy(db, user, meta, { ...input, expected: null });
    } catch (error) {
      if (!(error instanceof ApprovalThresholdMovedError) || error.current === null) throw error;
      const currency = input.currency.trim().toUpperCase();
      throw new ActionError("conflict", "Some fields need attention.", { currency: approvalThresholdTakenMessage(input.kind, currency, error.current) });
    }
  },
});
