"use server";

import { z } from "zod";
import { confirmTotpEnrollment, disableTotp, regenerateRecoveryCodes, startTotpEnrollment } from "@/lib/two-factor/enrollment";
import { isTwoFactorRequired } from "@/lib/two-factor/requirement";
import { normalizeCode } from "@/lib/two-factor/totp";
import { accountAction } from "./account-action";

const codeSchema = z.object({ code: z.string().trim().min(1, "Enter the code.").max(32, "Enter the 6-digit code.") });
/**
 * Set-up is confirmed with the authenticator's code only (recovery codes do not exist yet): anything but six digits
 * (spaces and dashes aside, as matchTotpStep reads them) is a typing slip, told as one and not counted as a wrong code.
 */
const setupCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code.")
    .refine((code) => /^\d{6}$/.test(normalizeCode(code)), "Enter the 6 digits your authenticator app shows."),
});

export const startTwoFactorAction = accountAction(z.object({}), (_input, { db, user, audit }) => startTotpEnrollment(db, audit, user));

export const confirmTwoFactorAction = accountAction(setupCodeSchema, (input, { db, user, audit }) => confirmTotpEnrollment(db, audit, user, input.code));

export const disableTwoFactorAction = accountAction(codeSchema, async (input, { db, user, audit }) => {
  await disableTotp(db, audit, { ...user, required: await isTwoFactorRequired(db, user) }, input.code);
  return null;
});

export const regenerateRecoveryCodesAction = accountAction(codeSchema, (input, { db, user, audit }) => regenerateRecoveryCodes(db, audit, user, input.code));
