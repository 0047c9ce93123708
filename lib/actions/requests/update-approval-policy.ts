"use server";

import { z } from "zod";
import { approvalThresholdMovedMessage } from "@/components/settings/approval-policy-messages";
import { guardedAction } from "@/lib/actions/guard";
import { ActionError } from "@/lib/actions/result";
import { ApprovalThresholdMovedError } from "@/lib/requests/approval-threshold-moved-error";
import { approvalPolicySchema } from "@/lib/requests/schemas";
import { updateApprovalPolicy } from "@/lib/requests/update-approval-policy";

/** `expected`: the threshold as the row showed it ("1000.00"); a row's Save sends it, so it never writes over another administrator's change. */
const changeSchema = approvalPolicySchema.extend({ expected: z.string().max(40).optional() });

export const updateApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: changeSchema,
  // A threshold decides whether finance sees a request at all: raised, a team manager alone approves every top-up and
  // limit increase below it. Adding, raising or lowering one changes who must approve money.
  requireStepUp: true,
  run: async (input, { db, user, meta }) => {
    try {
      return await updateApprovalPolicy(db, user, meta, input);
    } catch (error) {
      if (!(error instanceof ApprovalThresholdMovedError)) throw error;
      const currency = input.currency.trim().toUpperCase();
      throw new ActionError("conflict", "Some fields need attention.", { threshold: approvalThresholdMovedMessage(currency, error.current) });
    }
  },
});
