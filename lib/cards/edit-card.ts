import type { Db, DbOrTx } from "@/db/client";
import { lockCard, updateCard, type CardRow } from "@/db/queries/card-updates";
import { hasOpenOrder } from "@/db/queries/provider-orders";
import { findTeam } from "@/db/queries/teams";
import { archivedTeamMessage } from "@/lib/teams/archived-team-message";
import { record } from "@/lib/audit/record";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { can } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { withdrawRequestsOfReassignedCard } from "@/lib/requests/cancel-request";
import { lockWithdrawableRequestsForCard } from "@/db/queries/requests";
import { fieldError } from "./amounts";
import { activeHolder, lockHolder } from "./card-holder";
import { recordCardLeftTeam } from "./card-left-team";
import { assertIssued } from "./never-issued";
import { assertKnownToProvider } from "./provider-missing";

async function lockEditable(db: DbOrTx, user: SessionUser, cardId: string): Promise<CardRow> {
  const card = await lockCard(db, cardId);
  if (!card || card.organizationId !== user.organizationId) throw new ActionError("not_found", "That card does not exist.");
  if (!can(user, "card.edit", card)) throw new ActionError("forbidden", "You do not have permission to do that.");
  if (card.status === "cancelled") throw new ActionError("conflict", "A cancelled card cannot be changed.");
  assertIssued(card);
  assertKnownToProvider(card);
  return card;
}

/** Alias and tags are Cardhub's own labels: no provider call, just the change and its audit row. */
export async function updateCardDetails(db: Db, user: SessionUser, meta: RequestMeta, input: { cardId: string; alias: string; tags: string[] }): Promise<{ cardId: string }> {
  return db.transaction(async (tx) => {
    const card = await lockEditable(tx, user, input.cardId);
    const tags = [...new Set(input.tags)];
    await updateCard(tx, card.id, { alias: input.alias, tags });
    await record(tx, auditContextFor(user, meta), {
      action: "card.updated",
      targetType: "card",
      targetId: card.id,
      teamId: card.teamId,
      summary: { before: { alias: card.alias, tags: card.tags }, after: { alias: input.alias, tags } },
    });
    return { cardId: card.id };
  });
}

/**
 * Gives a card to another person (or team), withdrawing the requests still open for it. Nobody may make themselves a
 * card's owner (only the owner reveals its number, so that would open any cardholder's card to whoever may edit
 * cards): that goes through a request another person approves, and the attempt is refused here, whatever the browser
 * sent, and audited as a denial.
 */
export async function reassignCard(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: { cardId: string; ownerUserId: string; teamId?: string | null },
): Promise<{ cardId: string }> {
  const result = await db.transaction(async (tx) => {
    // The new holder's row before the card's (lib/cards/card-holder.ts): a deactivation of them takes turns with this.
    // None for oneself: that is refused below.
    const holder = input.ownerUserId === user.id ? null : await lockHolder(tx, { userId: input.ownerUserId, organizationId: user.organizationId });
    const card = await lockEditable(tx, user, input.cardId);
    if (holder === null) {
      await record(tx, auditContextFor(user, meta), {
        action: "permission.denied",
        outcome: "denied",
        targetType: "card",
        targetId: card.id,
        teamId: card.teamId,
        summary: { permission: "card.edit", reason: "self_assignment", ownerUserId: card.ownerUserId },
      });
      return null;
    }
    // Money boundary: an order in flight was placed for the current holder (its money and its notices are theirs), so
    // the card keeps its holder until it ends. Checked under the card's lock, which order placement takes too.
    if (await hasOpenOrder(tx, card.id)) {
      throw new ActionError("conflict", "A change to this card is still in progress (or waiting for review). Wait for it to finish before reassigning the card.");
    }
    const owner = activeHolder(holder);
    const teamId = input.teamId === null ? null : (input.teamId ?? owner.teamIds[0] ?? null);
    if (teamId) {
      const team = await findTeam(tx, teamId);
      if (!team || team.organizationId !== user.organizationId) throw fieldError("teamId", "Choose one of your organisation's teams.");
      if (team.archivedAt && teamId !== card.teamId) throw fieldError("teamId", archivedTeamMessage(team.name));
    }
    const changesHands = owner.id !== card.ownerUserId || teamId !== card.teamId;
    // Lock order: the card, its open requests, then the audit chain (the first record). A decision on one of its
    // requests holds that request and then writes its audit row: taking the chain first would wait for it while it
    // waits for the chain.
    const withdrawable = changesHands ? await lockWithdrawableRequestsForCard(tx, card.id) : [];
    await updateCard(tx, card.id, { ownerUserId: owner.id, teamId });
    await recordCardLeftTeam(tx, auditContextFor(user, meta), { card, toTeamId: teamId });
    await record(tx, auditContextFor(user, meta), {
      action: "card.reassigned",
      targetType: "card",
      targetId: card.id,
      teamId,
      summary: { before: { ownerUserId: card.ownerUserId, teamId: card.teamId }, after: { ownerUserId: owner.id, owner: owner.email, teamId } },
    });
    if (changesHands) {
      // Names no new holder or team: the old holder and the old team's manager read this, and neither may see the card now.
      const comment = `Withdrawn because the card changed hands: ${owner.id !== card.ownerUserId ? "it was reassigned to someone else" : "it moved to another team"}.`;
      await withdrawRequestsOfReassignedCard(tx, user, meta, withdrawable, comment);
    }
    return { cardId: card.id };
  });
  if (!result) {
    throw alreadyAudited(
      new ActionError("forbidden", "You cannot make yourself a card's owner. Ask for the card through a request that someone else approves.", {
        ownerUserId: "Choose someone other than yourself.",
      }),
    );
  }
  return result;
}
