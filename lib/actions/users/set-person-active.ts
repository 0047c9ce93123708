"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";

export const setPersonActiveAction = guardedAction({
  permission: "admin.manage",
  input: z.object({ userId: z.string().uuid(), active: z.boolean() }),
  run: (input, context) => setPersonActive(context.db, adminContextFor(context), input),
});
