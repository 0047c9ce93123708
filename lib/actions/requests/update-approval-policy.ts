"use server";

import { guardedAction } from "@/lib/actions/guard";
import { approvalPolicySchema } from "@/lib/requests/schemas";
import { updateApprovalPolicy } from "@/lib/requests/update-approval-policy";

export const updateApprovalPolicyAction = guardedAction({
  permission: "admin.manage",
  input: approvalPolicySchema,
  run: (input, { db, user, meta }) => updateApprovalPolicy(db, user, meta, input),
});
