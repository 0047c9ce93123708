import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerOrders } from "@/db/schema/provider-orders";
import { cardRequests, type RequestKind } from "@/db/schema/requests";
import { teams } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import { eventLabel } from "@/lib/audit/event-catalog";
import { can, managedTeamIdsOf, type Actor } from "@/lib/auth/permissions";
import { peopleInTeamMemberChanges, teamMemberChanges } from "@/lib/audit/team-member-changes";
import { explainChinese, type ChineseExplanation } from "@/lib/providers/chinese-messages";
import { readTogether } from "./read-together";

/** What audit rows name by id, resolved to what a person recognises: a card's alias, a user's name. */
export type AuditLabels = {
  cards: Map<string, { alias: string }>;
  users: Map<string, { name: string; email: string }>;
  /** An order's card, so an order event can name and link the card. */
  orderCards: Map<string, string>;
  /** What a card request asks for and for whom, so its events can say "Eli Employee's request for a new card". */
  requests: Map<string, AuditRequestLabel>;
  teams: Map<string, { name: string }>;
  /**
   * What the Chinese in the rows' provider messages means, by message. Worked out here, on the server, so the audit
   * table that also renders in the browser does not carry the table of documented messages.
   */
  providerTexts: Map<string, ChineseExplanation>;
  /** The rows' actions as a person reads them ("Card frozen"), for events without a sentence of their own. */
  actions: Map<string, string>;
};

export type AuditRequestLabel = {
  kind: RequestKind;
  beneficiaryUserId: string;
  beneficiaryName: string;
  currency: string;
  /** The card it is about (for a new card, the card once issued); its alias is in `cards`. */
  cardId: string | null;
  /** A new card's requested alias, named while the card does not exist yet. */
  requestedAlias: string | null;
};

/**
 * The labels that need no lookup: the rows' action names and explanations of their provider messages. Worked out on
 * the server, so the audit table, which also renders in the browser, carries neither the event catalog nor the table
 * of documented Chinese messages.
 */
export function auditLabelsWithoutLookups(rows: readonly { action: string; summary: Record<string, unknown> }[]): AuditLabels {
  return {
    cards: new Map(),
    users: new Map(),
    orderCards: new Map(),
    requests: new Map(),
    teams: new Map(),
    providerTexts: explainProviderTexts(rows),
    actions: new Map(rows.map((row) => [row.action, eventLabel(row.action)])),
  };
}

/** Explanations of the provider messages that contain Chinese: a failed order's failureMessage, a failed request's reason. */
export function explainProviderTexts(rows: readonly { summary: Record<string, unknown> }[]): Map<string, ChineseExplanation> {
  const explained = new Map<string, ChineseExplanation>();
  for (const row of rows) {
    for (const message of [row.summary.failureMessage, row.summary.reason]) {
      if (typeof message !== "string" || explained.has(message)) continue;
      const explanation = explainChinese(message);
      if (explanation) explained.set(message, explanation);
    }
  }
  return explained;
}

type LabelledRow = { action: string; actorUserId: string | null; targetType: string | null; targetId: string | null; teamId?: string | null; summary: Record<string, unknown> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOf = (value: unknown): string | null => (typeof value === "string" && UUID.test(value) ? value.toLowerCase() : null);

/**
 * One query per kind for a whole page of audit rows, limited to the organisation: a row naming another
 * organisation's card (it cannot, but the log is append-only history) shows the bare id, never its alias.
 * SECURITY: a card or request is named only to a viewer who may see it now, or who reads a row recorded in a team
 * they manage (it was their team's card then: a card that left the team is still named in the team's history). A
 * manager also reads their own rows whatever they were about, a refused attempt on another team's card included; that
 * row says "a card", as the card's page refuses them, never the alias of a card they may not see.
 */
export async function resolveAuditLabels(db: DbOrTx, params: { viewer: Actor; rows: readonly LabelledRow[] }): Promise<AuditLabels> {
  const cardIds = new Set<string>();
  const userIds = new Set<string>();
  const orderIds = new Set<string>();
  const requestIds = new Set<string>();
  const teamIds = new Set<string>();
  const managed = new Set(managedTeamIdsOf(params.viewer));
  // The orders, cards and requests named by rows of a team the viewer manages.
  const knownThroughTeam = new Set<string>();
  for (const row of params.rows) {
    if (row.teamId && managed.has(row.teamId)) {
      for (const id of [uuidOf(row.targetId), uuidOf(row.summary.orderId)]) if (id) knownThroughTeam.add(id);
    }
    const actor = uuidOf(row.actorUserId);
    if (actor) userIds.add(actor);
    const target = uuidOf(row.targetId);
    if (target && row.targetType === "card") cardIds.add(target);
    if (target && row.targetType === "user") userIds.add(target);
    if (target && row.targetType === "order") orderIds.add(target);
    if (target && row.targetType === "request") requestIds.add(target);
    if (target && row.targetType === "team") teamIds.add(target);
    const orderId = uuidOf(row.summary.orderId);
    if (orderId) orderIds.add(orderId);
    const after = row.summary.after as Record<string, unknown> | undefined;
    const newOwner = uuidOf(after?.ownerUserId);
    if (newOwner) userIds.add(newOwner);
    // A card that moved with its holder to another team names that team.
    const newTeam = row.action === "card.reassigned" ? uuidOf(after?.teamId) : null;
    if (newTeam) teamIds.add(newTeam);
    // A card that left a team names that team, and the holder it left with.
    if (row.action === "card.left_team") {
      const fromTeam = uuidOf(row.summary.fromTeamId);
      if (fromTeam) teamIds.add(fromTeam);
      const holder = uuidOf(row.summary.holderUserId);
      if (holder) userIds.add(holder);
    }
    // A team's members change names who joined, left or took or gave up its manager role.
    if (row.action === "team.members_changed") {
      for (const userId of peopleInTeamMemberChanges(teamMemberChanges(row.summary))) {
        const id = uuidOf(userId);
        if (id) userIds.add(id);
      }
    }
    // A person invited, added or edited names the teams they were given.
    if (row.action === "user.invited" || row.action === "user.created" || row.action === "user.updated" || row.action === "user.roles_changed") {
      for (const side of [row.summary.before, row.summary.after]) {
        const teamList = (side as { teams?: unknown } | undefined)?.teams;
        for (const entry of Array.isArray(teamList) ? teamList : []) {
          const id = uuidOf((entry as { teamId?: unknown } | null)?.teamId);
          if (id) teamIds.add(id);
        }
      }
    }
    // A session ended by someone else (auth.session_revoked) names whose it was.
    const sessionOwner = row.targetType === "session" ? uuidOf(row.summary.userId) : null;
    if (sessionOwner) userIds.add(sessionOwner);
  }
  const organization = params.viewer.organizationId;
  const [orders, requestRows] = await readTogether(db, [
    () => orderIds.size > 0
      ? db
          .select({ id: providerOrders.id, cardId: providerOrders.cardId })
          .from(providerOrders)
          .where(and(eq(providerOrders.organizationId, organization), inArray(providerOrders.id, [...orderIds])))
      : Promise.resolve([]),
    () => requestIds.size > 0
      ? db
          .select({
            id: cardRequests.id,
            kind: cardRequests.kind,
            beneficiaryUserId: cardRequests.beneficiaryUserId,
            beneficiaryName: users.name,
            currency: cardRequests.currency,
            cardId: cardRequests.cardId,
            teamId: cardRequests.teamId,
            requestedAlias: sql<string | null>`${cardRequests.details} ->> 'alias'`,
          })
          .from(cardRequests)
          .innerJoin(users, eq(users.id, cardRequests.beneficiaryUserId))
          .where(and(eq(cardRequests.organizationId, organization), inArray(cardRequests.id, [...requestIds])))
      : Promise.resolve([]),
  ]);
  const orderCards = new Map<string, string>();
  for (const order of orders) {
    if (!order.cardId) continue;
    orderCards.set(order.id, order.cardId);
    cardIds.add(order.cardId);
    if (knownThroughTeam.has(order.id)) knownThroughTeam.add(order.cardId);
  }
  const visibleRequests = requestRows.filter(
    (request) => knownThroughTeam.has(request.id) || can(params.viewer, "request.view", { organizationId: organization, ownerUserId: request.beneficiaryUserId, teamId: request.teamId }),
  );
  for (const request of visibleRequests) {
    if (!request.cardId) continue;
    cardIds.add(request.cardId);
    if (knownThroughTeam.has(request.id)) knownThroughTeam.add(request.cardId);
  }
  const [cardRows, userRows, teamRows] = await readTogether(db, [
    () => cardIds.size > 0
      ? db.select({ id: cards.id, alias: cards.alias, ownerUserId: cards.ownerUserId, teamId: cards.teamId }).from(cards).where(and(eq(cards.organizationId, organization), inArray(cards.id, [...cardIds])))
      : Promise.resolve([]),
    () => userIds.size > 0
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.organizationId, organization), inArray(users.id, [...userIds])))
      : Promise.resolve([]),
    () => teamIds.size > 0
      ? db.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.organizationId, organization), inArray(teams.id, [...teamIds])))
      : Promise.resolve([]),
  ]);
  return {
    ...auditLabelsWithoutLookups(params.rows),
    cards: new Map(
      cardRows.filter((row) => knownThroughTeam.has(row.id) || can(params.viewer, "card.view", { organizationId: organization, ...row })).map((row) => [row.id, { alias: row.alias }]),
    ),
    users: new Map(userRows.map((row) => [row.id, { name: row.name, email: row.email }])),
    orderCards,
    requests: new Map(visibleRequests.map(({ id, teamId: _teamId, ...label }) => [id, label])),
    teams: new Map(teamRows.map((row) => [row.id, { name: row.name }])),
  };
}

