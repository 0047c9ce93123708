"use server";

import { guardedAction } from "@/lib/actions/guard";
import { removeApprovalPolicy } from "@/lib/requests/remove-approval-policy";
import { removeApprovalPolicySchema } from "@/lib/requests/schemas";

export const removeApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: removeApprovalPolicySchema,
  run: (input, { db, user, meta }) => removeApprovalPolicy(db, user, meta, input),
});
