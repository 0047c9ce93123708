"use server";

import { guardedAction } from "@/lib/actions/guard";
import { retryRequest } from "@/lib/requests/retry-request";
import { requestIdSchema } from "@/lib/requests/schemas";
import { requestResource } from "./request-resource";

/** Retrying moves money again, so it takes finance's funding permission (and never on one's own request). */
export const retryRequestAction = guardedAction({
  permission: "card.fund",
  input: requestIdSchema,
  resource: requestResource,
  resourceType: "request",
  run: (input, { db, user, meta }) => retryRequest(db, user, meta, input),
});
