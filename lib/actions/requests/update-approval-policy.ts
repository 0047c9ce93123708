"use server";

import { guardedAction } from "@/lib/actions/guard";
import { approvalPolicySchema } from "@/lib/requests/schemas";
import { updateApprovalPolicy } from "@/lib/requests/update-approval-policy";

export const updateApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: approvalPolicySchema,
  // A threshold decides whether finance sees a request at all: raised, a team manager alone approves every top-up and
  // limit increase below it. Adding, raising or lowering one changes who must approve money.
  requireStepUp: true,
  run: (input, { db, user, meta }) => updateApprovalPolicy(db, user, meta, input),
});
