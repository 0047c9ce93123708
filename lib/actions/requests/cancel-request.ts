"use server";

import { guardedAction } from "@/lib/actions/guard";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { requestIdSchema } from "@/lib/requests/schemas";
import { filedRequestResource } from "./request-resource";

export const cancelRequestAction = guardedAction({
  permission: "card.request",
  input: requestIdSchema,
  resource: filedRequestResource,
  resourceType: "request",
  run: (input, { db, user, meta }) => cancelRequest(db, user, meta, input),
});
