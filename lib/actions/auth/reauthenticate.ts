"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { ActionError, type ActionResult } from "@/lib/actions/result";
import { getCurrentUser } from "@/lib/auth/current-user";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { currentRequestMeta } from "@/lib/auth/request-meta";

const schema = z.object({ password: z.string().max(1024).optional(), code: z.string().max(12).optional() });

/** Step-up for sensitive actions. Any signed-in user may prove it is them; there is no permission to check. */
export async function reauthenticateAction(raw: unknown): Promise<ActionResult<{ until: string; method: "password" | "totp" }>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: "invalid_input", message: "Enter your password or code." } };
  try {
    const result = await reauthenticate(getDb(), user, await currentRequestMeta(), parsed.data);
    return { ok: true, data: { until: result.until.toISOString(), method: user.hasTotp ? "totp" : "password" } };
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
    throw error;
  }
}
