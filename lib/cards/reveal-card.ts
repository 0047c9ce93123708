import type { Db, DbOrTx } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { can } from "@/lib/auth/permissions";
import { hasFreshStepUp } from "@/lib/auth/reauthenticate";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { supports, type CardSecrets } from "@/lib/providers";
import { providerLabel } from "@/lib/providers/errors";
import { getSettings } from "@/lib/settings/get-settings";
import { providerForAccount } from "@/lib/providers/for-account";
import { DEFAULT_TIMEOUT_MS } from "@/lib/providers/http";
import { consumeRateLimit, describeRetry, releaseRateLimitHits } from "@/lib/rate-limit";
import { revealReasonProblem } from "./reveal-reason";
import { NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing";

export const REVEALABLE_STATUSES: ReadonlySet<string> = new Set(["active", "frozen", "inactive"]);

/**
 * A person waits for a reveal: at most one attempt's timeout of the account, and never more than 10 s, not the whole
 * retry budget (30 s by default) that a background read may spend on a provider that hangs.
 */
const REVEAL_WAIT_MS = 10_000;

export function revealWaitMs(settings: { timeoutMs?: number } | undefined): number {
  return Math.min(REVEAL_WAIT_MS, settings?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

/**
 * The provider's answer, or a refusal once the person has waited `ms`. The read left running is not awaited further;
 * SECURITY: whatever it brings back later is dropped (never stored, logged or returned), and its failure is ignored.
 */
async function answeredWithin<T>(read: Promise<T>, ms: number): Promise<T> {
  read.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The card provider did not answer within ${Math.round(ms / 100) / 10} s. Try again later.`)), ms);
  });
  try {
    return await Promise.race([read, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

// The administrator's setting (Settings → General), read per reveal so a change applies without a restart.
async function revealRule(db: DbOrTx, organizationId: string) {
  const { max, windowMinutes } = (await getSettings(db, organizationId)).revealRateLimit;
  return { bucket: "reveal", max, windowMinutes };
}

/**
 * Fetches a card's number, CVV and expiry live from its provider for the one person allowed to see them.
 * SECURITY: the secrets are returned to the caller and nowhere else: not stored, not logged, not put in an error.
 * Every refusal is audited with its reason, and the success is audited before the secrets leave this function.
 */
export async function revealCardSecrets(db: Db, user: SessionUser, meta: RequestMeta, input: { cardId: string; reason?: string }): Promise<CardSecrets> {
  const context = auditContextFor(user, meta);
  const card = await findCard(db, input.cardId);
  const reason = input.reason?.trim() || undefined;
  if (!card || card.organizationId !== user.organizationId) {
    // A stale or forged id (another organisation's card answers the same): on record too, aimed at the id asked for.
    await record(db, context, { action: "card.reveal_denied", outcome: "denied", targetType: "card", targetId: input.cardId, summary: { reason: "card_not_found", statedReason: reason } });
    throw alreadyAudited(new ActionError("not_found", "That card does not exist."));
  }
  const deny = async (why: string, error: ActionError): Promise<never> => {
    await record(db, context, { action: "card.reveal_denied", outcome: "denied", targetType: "card", targetId: card.id, teamId: card.teamId, summary: { reason: why, statedReason: reason } });
    throw alreadyAudited(error);
  };

  if (!can(user, "card.reveal", card)) await deny("not_permitted", new ActionError("forbidden", "Only the card's owner can see its number."));
  const companyCard = card.ownerUserId === null;
  // A missing reason is a form error on its field, not a refusal: the person may see the number once they say why.
  // Nothing was asked of the provider and nothing is shown, so there is nothing to put on record (the permission
  // check above and every check below still audit their refusals).
  const reasonProblem = companyCard ? revealReasonProblem(reason ?? "") : null;
  if (reasonProblem) throw new ActionError("invalid_input", "Say why you need this company card's number.", { reason: reasonProblem });
  if (!REVEALABLE_STATUSES.has(card.status) || !card.providerCardId) {
    await deny("card_not_active", new ActionError("conflict", "Card details can only be shown for an issued card that is not cancelled."));
  }
  if (card.providerMissingSince) await deny("card_not_found_at_provider", new ActionError("conflict", NOT_FOUND_AT_PROVIDER_REASON));
  const provider = await providerForAccount(db, card.providerAccountId);
  if (!supports(provider.capabilities, "getCardSecrets")) {
    await deny("provider_does_not_return_details", new ActionError("conflict", `${providerLabel(provider.name)} does not return card details (number, CVV, expiry) for this account, so Cardhub cannot show them.`));
  }
  if (!hasFreshStepUp(user)) await deny("step_up_required", new ActionError("step_up_required", "Confirm it's you before the card details are shown."));
  // Counted and recorded in one locked step before the provider is asked: parallel reveals cannot pass the limit.
  const limit = await consumeRateLimit(db, [{ rule: await revealRule(db, user.organizationId), key: user.id }]);
  if (limit.limited) {
    await deny("rate_limited", new ActionError("rate_limited", `You have shown card details too often. Try again ${describeRetry(limit.retryAfterSeconds)}.`));
  }

  const account = await findProviderAccount(db, card.providerAccountId);
  let secrets: CardSecrets;
  try {
    secrets = await answeredWithin(provider.getCardSecrets(card.providerCardId!), revealWaitMs(account?.settings));
  } catch (error) {
    const message = error instanceof Error ? error.message : "unknown error";
    if (!limit.limited) await releaseRateLimitHits(db, limit); // nothing was shown
    await record(db, context, { action: "card.reveal_denied", outcome: "failure", targetType: "card", targetId: card.id, teamId: card.teamId, summary: { reason: "provider_error", message } });
    throw new ActionError("provider_error", `${account?.label ?? "The provider"} could not provide the card details right now. ${message}`);
  }
  await record(db, context, {
    action: "card.revealed",
    targetType: "card",
    targetId: card.id,
    teamId: card.teamId,
    summary: { provider: account?.provider, maskedNumber: card.maskedNumber, statedReason: reason, companyCard },
  });
  return secrets;
}
