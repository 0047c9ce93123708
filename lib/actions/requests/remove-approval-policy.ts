"use server";

import { guardedAction } from "@/lib/actions/guard";
import { removeApprovalPolicy } from "@/lib/requests/remove-approval-policy";
import { removeApprovalPolicySchema } from "@/lib/requests/schemas";

export const removeApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: removeApprovalPolicySchema,
  // Removing a threshold changes who must approve money (from now on finance approves every such request), as a change does.
  requireStepUp: true,
  run: (input, { db, user, meta }) => removeApprovalPolicy(db, user, meta, input),
});
