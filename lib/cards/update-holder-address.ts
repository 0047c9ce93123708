import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { loggableError } from "@/lib/jobs/loggable-error";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { isProviderError } from "@/lib/providers";
import { providerLabel } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import { isOutcomeUnknown } from "@/lib/providers/outcome-unknown";
import { fieldError } from "./amounts";
import { availableCardActions } from "./card-actions";
import { holderStatesFor } from "./holder-states";
import type { HolderAddressRequest } from "./schemas";
import { assertKnownToProvider } from "./provider-missing";

/**
 * Corrects the cardholder's address at the provider (NobePay card/update). Cardhub keeps no copy of the address: the
 * provider's record is the one that counts, and the audit trail says who changed it to what.
 */
export async function updateHolderAddress(db: Db, user: SessionUser, meta: RequestMeta, input: HolderAddressRequest): Promise<{ cardId: string }> {
  const context = auditContextFor(user, meta);
  const card = await findCard(db, input.cardId);
  if (!card || card.organizationId !== user.organizationId) throw new ActionError("not_found", "That card does not exist.");
  const account = await findProviderAccount(db, card.providerAccountId);
  if (!account) throw new ActionError("not_found", "That card's provider account no longer exists.");
  assertKnownToProvider(card);
  if (!availableCardActions(user, { ...card, provider: account.provider }).has("updateAddress") || !card.providerCardId) {
    throw new ActionError("conflict", `The cardholder's address can only be changed on a live card whose provider keeps it (${providerLabel(account.provider)} does not).`);
  }
  // Only a state the provider lists (NobePay enum/us/states, stored with the account's products).
  const states = await holderStatesFor(db, { organizationId: card.organizationId, accountId: card.providerAccountId });
  if (states.length > 0 && !states.some((state) => state.code === input.state)) throw fieldError("state", "Choose a state from the list.");
  const address = { street: input.street, city: input.city, state: input.state, zipCode: input.zipCode };
  const provider = await providerForAccount(db, card.providerAccountId);
  const target = { targetType: "card", targetId: card.id, teamId: card.teamId };
  // On record, with the address, before the provider hears of it: if the process or the database fails once the
  // provider has answered, the change still has its row (as an order's "order.created" is written before its call).
  await record(db, context, { action: "card.holder_address_change_sent", ...target, summary: { provider: account.provider, after: address } });
  try {
    await provider.updateHolderAddress({ cardId: card.providerCardId, address });
  } catch (error) {
    const message = isProviderError(error) ? error.message : "no answer";
    // No answer, or one that cannot be read, does not mean nothing changed: the provider may have the new address.
    const unknown = isOutcomeUnknown(error);
    await record(db, context, { action: "card.holder_address_changed", outcome: "failure", ...target, summary: { reason: unknown ? "outcome_unknown" : "provider_error", message } }).catch(
      logUnrecordedOutcome,
    );
    throw new ActionError(
      "provider_error",
      unknown
        ? `${account.label} gave no clear answer (${message}), so the address may have changed. Sending the same address again is safe.`
        : `${account.label} did not change the address: ${message}`,
    );
  }
  try {
    await record(db, context, { action: "card.holder_address_changed", ...target, summary: { provider: account.provider, after: address } });
  } catch (error) {
    logUnrecordedOutcome(error);
    // Not the guard's "Nothing was changed": the provider has the new address, and the change sent is on record.
    throw new ActionError("internal", `${account.label} has the new address, but Cardhub could not record that it took effect. Sending it again is not needed.`);
  }
  return { cardId: card.id };
}

function logUnrecordedOutcome(error: unknown): void {
  console.error(`[cards] the outcome of a cardholder address change was not recorded: ${loggableError(error)}`);
}
