"use server";

import { guardedAction } from "@/lib/actions/guard";
import { rejectRequest } from "@/lib/requests/decide-request";
import { rejectRequestSchema } from "@/lib/requests/schemas";
import { requestResource } from "./request-resource";

export const rejectRequestAction = guardedAction({
  permission: "request.approve",
  input: rejectRequestSchema,
  resource: requestResource,
  resourceType: "request",
  run: (input, { db, user, meta }) => rejectRequest(db, user, meta, input),
});
