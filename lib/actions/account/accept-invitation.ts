"use server";

import { z } from "zod";
import { issuesToFields } from "@/components/forms/form-field";
import { getDb } from "@/db/client";
import { ActionError, type ActionResult } from "@/lib/actions/result";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { acceptInvitation } from "@/lib/users/accept-invitation";
import { setPasswordSchema } from "@/lib/users/password-policy";

const schema = z.object({ token: z.string().max(200) }).and(setPasswordSchema);

/** Public: the link itself is the credential (single use, seven days, stored only as a hash). */
export async function acceptInvitationAction(raw: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: "invalid_input", message: "Some fields need attention.", fields: issuesToFields(parsed.error.issues) } };
  try {
    return { ok: true, data: await acceptInvitation(getDb(), await currentRequestMeta(), parsed.data) };
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
    console.error("[action] accept invitation failed:", error instanceof Error ? error.message : "unknown error");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Try again." } };
  }
}
