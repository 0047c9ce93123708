"use server";

import { guardedAction } from "@/lib/actions/guard";
import { approveRequest } from "@/lib/requests/decide-request";
import { approveRequestSchema } from "@/lib/requests/schemas";
import { requestResource } from "./request-resource";

export const approveRequestAction = guardedAction({
  permission: "request.approve",
  input: approveRequestSchema,
  resource: requestResource,
  resourceType: "request",
  run: (input, { db, user, meta }) => approveRequest(db, user, meta, input),
});
