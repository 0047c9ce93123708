"use server";

import { guardedAction } from "@/lib/actions/guard";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePersonSchema } from "@/lib/users/schemas";
import { updatePerson } from "@/lib/users/update-person";

export const updatePersonAction = guardedAction({
  permission: "admin.manage",
  input: updatePersonSchema,
  run: async (input, context) => {
    await updatePerson(context.db, adminContextFor(context), input);
    return null;
  },
});
