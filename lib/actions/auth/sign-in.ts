"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth/auth";
import { recordRejectedSignIn } from "@/lib/auth/authenticate";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from "@/lib/validation/safe-text";
import { describeRetry } from "@/lib/rate-limit";
import { wrongSecondFactorMessage } from "@/lib/two-factor/wrong-code";

/** After the right password only (lib/auth/authenticate.ts): what to do, not "incorrect", which would send them to reset it. */
const DEACTIVATED_MESSAGE = "This account has been deactivated. Ask an administrator of your organisation to reactivate it.";

export type SignInState = {
  error?: string;
  fields?: { email?: string; password?: string; code?: string };
  email?: string;
  /** The password was right and this person must also give an authenticator (or recovery) code. */
  twoFactor?: boolean;
};

const schema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320).email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(1024),
  callbackUrl: z.string().optional(),
  code: z.string().trim().max(32, "Enter the 6-digit code or a recovery code.").optional(),
});

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  const email = typeof formData.get("email") === "string" ? String(formData.get("email")) : "";
  const password = typeof formData.get("password") === "string" ? String(formData.get("password")) : "";
  if (hasUnsafeCharacters(email) || hasUnsafeCharacters(password)) {
    // Refused on the field, and on record: nobody types a NUL byte into a sign-in form.
    await recordRejectedSignIn(getDb(), { email, meta: await currentRequestMeta() });
    return { fields: hasUnsafeCharacters(email) ? { email: UNSAFE_TEXT_MESSAGE } : { password: UNSAFE_TEXT_MESSAGE }, email: "" };
  }
  if (!parsed.success) {
    const fields: SignInState["fields"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password" || key === "code") && !fields[key]) fields[key] = issue.message;
    }
    return { fields, email };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      ...(parsed.data.code ? { code: parsed.data.code } : {}),
      redirectTo: safeRedirectPath(parsed.data.callbackUrl),
    });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      if (code.startsWith("rate_limited:")) {
        const seconds = Number(code.split(":")[1]) || 60;
        return { error: `Too many failed sign-in attempts. For your security, try again ${describeRetry(seconds)}.`, email };
      }
      if (code === "two_factor_required") return { twoFactor: true, email };
      if (code === "account_deactivated") return { error: DEACTIVATED_MESSAGE, email };
      // The form does not say which mode it was in; the code's shape does, as it decides how the code is checked.
      if (code === "invalid_two_factor_code") return { twoFactor: true, email, fields: { code: wrongSecondFactorMessage(parsed.data.code ?? "") } };
      return { error: "Incorrect email or password.", email };
    }
    throw error; // the redirect after a successful sign-in
  }
}
