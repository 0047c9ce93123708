import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { AuditAction } from "@/lib/audit/actions";
import { record } from "@/lib/audit/record";
import { getCurrentUser } from "@/lib/auth/current-user";
import { hasFreshStepUp } from "@/lib/auth/reauthenticate";
import { can, type OwnedResource, type PermissionAction } from "@/lib/auth/permissions";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { pendingAccountStep } from "@/lib/two-factor/requirement";
import { toStorableText, unsafeTextFields } from "@/lib/validation/safe-text";
import { ActionError, type ActionResult } from "./result";

const ACCOUNT_STEP_MESSAGES = {
  change_password: "Choose a new password first.",
  enroll_two_factor: "Set up two-factor sign-in first: your role requires it.",
} as const;

export type ActionContext = { user: SessionUser; db: Db; meta: RequestMeta };

type GuardOptions<Schema extends z.ZodType, Output> = {
  permission: PermissionAction;
  input: Schema;
  /** Loads the resource the permission is checked against (a card, a request); null when it does not exist. */
  resource?: (input: z.output<Schema>, context: ActionContext) => Promise<(OwnedResource & { id: string }) | null>;
  /** What kind of thing `resource` loads, so a denial shows in that item's audit history. */
  resourceType?: string;
  /** The audit action a denial is recorded as (card.reveal_denied for reveals); permission.denied by default. */
  deniedAction?: AuditAction;
  /** What a refused call was aimed at, for its audit row when the input never got as far as loading it. */
  auditTarget?: (input: z.output<Schema>) => { type: string; id: string } | null;
  /**
   * SECURITY: the call needs a step-up within the last few minutes (lib/auth/reauthenticate.ts), for what hands out or
   * takes away a way into an account, so that a session cookie alone (a stolen one, an unlocked laptop) cannot. A
   * function of the input asks it only for the calls it returns true for. Refused step_up_required, and audited.
   */
  requireStepUp?: true | ((input: z.output<Schema>) => boolean);
  run: (input: z.output<Schema>, context: ActionContext) => Promise<Output>;
};

function storableCopy(value: unknown): unknown {
  if (typeof value === "string") return toStorableText(value);
  if (Array.isArray(value)) return value.map(storableCopy);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [toStorableText(key), storableCopy(item)]));
  }
  return value;
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

type DenialTarget = { type?: string; id: string; teamId?: string | null };

async function recordDenial(context: ActionContext, action: AuditAction, target: DenialTarget | undefined, summary: Record<string, unknown>): Promise<void> {
  await record(context.db, auditContextFor(context.user, context.meta), {
    action,
    outcome: "denied",
    targetType: target?.type,
    targetId: target?.id,
    teamId: target?.teamId ?? null,
    summary,
  });
}

/**
 * What a call refused by its role was aimed at, so the refusal shows in that item's own history (an auditor's attempt
 * to reveal or freeze a card, on the card): a resource the action loads counts only when it is the caller's
 * organisation's; an auditTarget is named as the caller typed it (their own input, in their own organisation's log).
 */
async function refusedCallTarget<Schema extends z.ZodType, Output>(options: GuardOptions<Schema, Output>, raw: unknown, context: ActionContext): Promise<DenialTarget | undefined> {
  const parsed = options.input.safeParse(raw);
  if (!parsed.success) return undefined;
  if (options.resource) {
    // The refusal stands whether or not its target can be read.
    const resource = await options.resource(parsed.data, context).catch(() => null);
    if (resource?.organizationId !== context.user.organizationId) return undefined;
    return { type: options.resourceType, id: resource.id, teamId: resource.teamId };
  }
  return options.auditTarget?.(parsed.data) ?? undefined;
}

async function deny(context: ActionContext, permission: PermissionAction, action: AuditAction, target?: DenialTarget): Promise<ActionResult<never>> {
  await recordDenial(context, action, target, { permission, reason: "role_not_allowed" });
  return { ok: false, error: { code: "forbidden", message: "You do not have permission to do that." } };
}

/**
 * The one way into a server action: session → permission → zod → step-up (when asked) → the plain function. The
 * browser is never trusted: every step runs here, and a denial is audited.
 */
export function guardedAction<Schema extends z.ZodType, Output>(options: GuardOptions<Schema, Output>) {
  return async (raw: unknown): Promise<ActionResult<Output>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
    const context: ActionContext = { user, db: getDb(), meta: await currentRequestMeta() };
    const accountStep = await pendingAccountStep(context.db, user);
    if (accountStep) return { ok: false, error: { code: "forbidden", message: ACCOUNT_STEP_MESSAGES[accountStep] } };
    const deniedAction = options.deniedAction ?? "permission.denied";
    if (!can(user, options.permission)) return deny(context, options.permission, deniedAction, await refusedCallTarget(options, raw, context));

    // NUL bytes and lone surrogates are refused on their field before any schema runs (PostgreSQL cannot store
    // them, and no person types them), and the refusal is on record, aimed at what the call was aimed at.
    const unsafe = unsafeTextFields(raw);
    if (Object.keys(unsafe).length > 0) {
      const cleaned = options.input.safeParse(storableCopy(raw));
      const target = cleaned.success ? options.auditTarget?.(cleaned.data) : null;
      await record(context.db, auditContextFor(user, context.meta), {
        action: deniedAction,
        outcome: "denied",
        targetType: target?.type,
        targetId: target?.id,
        summary: { permission: options.permission, reason: "invalid_characters", fields: Object.keys(unsafe) },
      });
      return { ok: false, error: { code: "invalid_input", message: "Some fields need attention.", fields: unsafe } };
    }

    const parsed = options.input.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: { code: "invalid_input", message: "Some fields need attention.", fields: fieldErrors(parsed.error) } };
    }
    let target: { type?: string; id: string; teamId: string | null } | undefined;
    try {
      if (options.resource) {
        const resource = await options.resource(parsed.data, context);
        // Another organisation's item is answered as one that does not exist: a refusal would confirm that the id is
        // real, and its audit row would name another organisation's item in this one's log.
        if (!resource || resource.organizationId !== user.organizationId) return { ok: false, error: { code: "not_found", message: "That item does not exist." } };
        target = { type: options.resourceType, id: resource.id, teamId: resource.teamId };
        if (!can(user, options.permission, resource)) return deny(context, options.permission, deniedAction, target);
      }
      const needsStepUp = options.requireStepUp === true || (options.requireStepUp?.(parsed.data) ?? false);
      if (needsStepUp && !hasFreshStepUp(user)) {
        await recordDenial(context, deniedAction, target ?? options.auditTarget?.(parsed.data) ?? undefined, { permission: options.permission, reason: "step_up_required" });
        return { ok: false, error: { code: "step_up_required", message: "Confirm it's you before making this change." } };
      }
      return { ok: true, data: await options.run(parsed.data, context) };
    } catch (error) {
      if (error instanceof ActionError) {
        // A refusal the domain function decided (own request, own card, not the requester…) is a denial like the
        // role check's: on record, after its transaction has rolled back.
        if (error.code === "forbidden" && !error.audited) {
          const named = target ?? options.auditTarget?.(parsed.data) ?? undefined;
          await recordDenial(context, deniedAction, named, { permission: options.permission, reason: "refused", message: error.message });
        }
        return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
      }
      console.error(`[action] ${options.permission} failed:`, error instanceof Error ? error.message : "unknown error");
      return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Nothing was changed; try again." } };
    }
  };
}
