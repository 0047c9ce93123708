"use server";

import { guardedAction } from "@/lib/actions/guard";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";

export const createRequestAction = guardedAction({
  permission: "card.request",
  input: createRequestSchema,
  run: (input, { db, user, meta }) => createRequest(db, user, meta, input),
});
