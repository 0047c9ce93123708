"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { uuidSchema } from "@/lib/validation/uuid";

export const setPersonActiveAction = guardedAction({
  permission: "admin.manage",
  input: z.object({ userId: uuidSchema(), active: z.boolean() }),
  // Reactivating opens the account again; deactivating closes it and stays quick to do.
  requireStepUp: (input) => input.active,
  auditTarget: (input) => ({ type: "user", id: input.userId }),
  run: (input, context) => setPersonActive(context.db, adminContextFor(context), input),
});
