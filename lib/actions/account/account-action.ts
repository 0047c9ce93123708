import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { issuesToFields } from "@/components/forms/form-field";
import { getCurrentUser } from "@/lib/auth/current-user";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { auditContextFor, type SessionUser } from "@/lib/auth/session-user";
import type { AuditContext } from "@/lib/audit/record";
import { ActionError, type ActionResult } from "@/lib/actions/result";

/**
 * For actions on one's own account (password, two-factor). No permission applies (everyone may secure their own
 * account), and they stay open while an account step is pending, since they are how it gets done.
 */
export function accountAction<Schema extends z.ZodType, Output>(
  input: Schema,
  run: (data: z.output<Schema>, context: { db: Db; user: SessionUser; audit: AuditContext }) => Promise<Output>,
) {
  return async (raw: unknown): Promise<ActionResult<Output>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
    const parsed = input.safeParse(raw);
    if (!parsed.success) return { ok: false, error: { code: "invalid_input", message: "Some fields need attention.", fields: issuesToFields(parsed.error.issues) } };
    try {
      return { ok: true, data: await run(parsed.data, { db: getDb(), user, audit: auditContextFor(user, await currentRequestMeta()) }) };
    } catch (error) {
      if (error instanceof ActionError) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
      console.error("[action] account action failed:", error instanceof Error ? error.message : "unknown error");
      return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Nothing was changed; try again." } };
    }
  };
}
