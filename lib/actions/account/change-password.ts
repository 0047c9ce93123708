"use server";

import { z } from "zod";
import { changeOwnPassword } from "@/lib/users/change-own-password";
import { setPasswordSchema } from "@/lib/users/password-policy";
import { accountAction } from "./account-action";

const schema = z.object({ current: z.string().min(1, "Enter your current password.").max(1024) }).and(setPasswordSchema);

export const changePasswordAction = accountAction(schema, async (input, { db, user, audit }) => {
  await changeOwnPassword(db, audit, { userId: user.id, sessionId: user.sessionId, current: input.current, password: input.password });
  return null;
});
