"use server";

import { z } from "zod";
import { findApprovalPolicy } from "@/db/queries/approval-policies";
import { guardedAction } from "@/lib/actions/guard";
import { ActionError } from "@/lib/actions/result";
import { minorToDecimalText } from "@/lib/format";
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
  run: async ({ expected, ...input }, { db, user, meta }) => {
    if (expected !== undefined) {
      const currency = input.currency.trim().toUpperCase();
      const current = await findApprovalPolicy(db, { organizationId: user.organizationId, kind: input.kind, currency });
      const now = current ? minorToDecimalText(current.threshold, currency) : null;
      if (now !== expected) {
        throw new ActionError("conflict", "Some fields need attention.", {
          threshold: now === null
            ? "Another administrator removed this threshold since the page was opened: add it again below if it is still wanted."
            : `Another administrator changed this threshold to ${now} ${currency} since the page was opened; it now shows theirs. Type yours again to replace it.`,
        });
      }
    }
    return updateApprovalPolicy(db, user, meta, input);
  },
});
