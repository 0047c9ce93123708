import { z } from "zod";

/** NIST 800-63B: length over composition rules; a long passphrase is the best password. */
export const newPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(256, "Use at most 256 characters.");

export const setPasswordSchema = z
  .object({ password: newPasswordSchema, confirm: z.string().max(256) })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "The two passwords are not the same." });
