"use server";

import { z } from "zod";
import { confirmTotpEnrollment, disableTotp, regenerateRecoveryCodes, startTotpEnrollment } from "@/lib/two-factor/enrollment";
import { isTwoFactorRequired } from "@/lib/two-factor/requirement";
import { accountAction } from "./account-action";

const codeSchema = z.object({ code: z.string().trim().min(1, "Enter the code.").max(32, "Enter the 6-digit code.") });

export const startTwoFactorAction = accountAction(z.object({}), (_input, { db, user, audit }) => startTotpEnrollment(db, audit, user));

export const confirmTwoFactorAction = accountAction(codeSchema, (input, { db, user, audit }) => confirmTotpEnrollment(db, audit, user, input.code));

export const disableTwoFactorAction = accountAction(codeSchema, async (input, { db, user, audit }) => {
  await disableTotp(db, audit, { ...user, required: await isTwoFactorRequired(db, user) }, input.code);
  return null;
});

export const regenerateRecoveryCodesAction = accountAction(codeSchema, (input, { db, user, audit }) => regenerateRecoveryCodes(db, audit, user, input.code));
