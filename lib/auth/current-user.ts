import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { record } from "@/lib/audit/record";
import { ACCOUNT_STEP_PATHS } from "@/lib/two-factor/account-step-paths";
import { pendingAccountStep } from "@/lib/two-factor/requirement";
import { auth } from "./auth";
import { can, type OwnedResource, type PermissionAction } from "./permissions";
import { resolveSession } from "./resolve-session";
import { canOpenSection, type Section } from "./sections";
import { currentRequestMeta } from "./request-meta";
import { auditContextFor, type SessionUser } from "./session-user";

async function resolveCookieSession(touch: boolean): Promise<SessionUser | null> {
  const session = await auth();
  if (!session?.sessionId) return null;
  return resolveSession(getDb(), session.sessionId, new Date(), await currentRequestMeta(), { touch });
}

/** Once per request: the cookie names a session, and the database says whether it still stands. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => resolveCookieSession(true));

async function withoutPendingStep(user: SessionUser | null): Promise<SessionUser | null> {
  if (!user || (await pendingAccountStep(getDb(), user))) return null;
  return user;
}

/** For route handlers: the signed-in user, or null while they have an account step to finish (they may not act yet). */
export async function getUsableUser(): Promise<SessionUser | null> {
  return withoutPendingStep(await getCurrentUser());
}

/**
 * For route handlers a page polls in the background: getUsableUser, except that the poll does not count as activity
 * (see resolveSession), so the idle timeout still ends a session whose tab is merely left open.
 */
export async function getPollingUser(): Promise<SessionUser | null> {
  return withoutPendingStep(await resolveCookieSession(false));
}

/** Once per request too: the layout and its page both require the user (the organisation's settings are read for it). */
const accountStepOf = cache(async (user: SessionUser) => pendingAccountStep(getDb(), user));

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  // An initial password to replace, or two-factor required for their role: nothing else until that is done.
  const step = await accountStepOf(user);
  if (step) redirect(ACCOUNT_STEP_PATHS[step]);
  return user;
}

/**
 * One audit row per refusal per request: a layout and its page render side by side and both check the section, so an
 * uncached refusal was recorded twice for one page opened once. Keyed by the request's user (getCurrentUser's one
 * object) and the refusal's summary.
 */
const recordRefusal = cache(async (user: SessionUser, summaryKey: string): Promise<void> => {
  await record(getDb(), auditContextFor(user, await currentRequestMeta()), { action: "permission.denied", outcome: "denied", summary: JSON.parse(summaryKey) });
});

/** An audited 403 page, for a refusal a page decides itself. */
export async function refuse(user: SessionUser, summary: Record<string, unknown>): Promise<never> {
  await recordRefusal(user, JSON.stringify(summary));
  forbidden();
}

/** For pages: the signed-in user if they may do this, otherwise an audited 403 page. */
export async function requirePermission(action: PermissionAction, resource?: OwnedResource): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, action, resource)) await refuse(user, { permission: action });
  return user;
}

export async function requireSection(section: Section): Promise<SessionUser> {
  const user = await requireUser();
  if (!canOpenSection(user, section)) await refuse(user, { section });
  return user;
}
