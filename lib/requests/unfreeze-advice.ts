import type { DbOrTx } from "@/db/client";
import type { CardView } from "@/db/queries/cards";
import { findUserById } from "@/db/queries/users";
import type { ApproverRole } from "@/db/schema/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { availableCardActions } from "@/lib/cards/card-actions";
import { releasedToSpend } from "./create-request";
import { approvalRoute, eligibleApprovers, thresholdFor } from "./policy";

/** What the freeze confirmation weighs to say how the card is used again (see unfreezeAdvice). */
export type UnfreezeFacts =
  /** The viewer unfreezes it themselves: finance, on a card not their own. */
  | { kind: "direct" }
  /** Nobody can ask for it: an unfreeze request is filed by the card's holder, and it has none. */
  | { kind: "no_holder" }
  /** Its holder belongs to no team, which an unfreeze request needs to be routed. */
  | { kind: "no_team"; holder: Holder }
  | {
      kind: "request";
      holder: Holder;
      /** The route an unfreeze request the holder filed now would take (approvalRoute). */
      steps: readonly ApproverRole[];
      /** The team has no manager who could take the manager's step: finance takes it, and another finance member after. */
      standIn: boolean;
      /** The viewer is one of the team's managers who could take the first step. */
      viewerApproves: boolean;
    };

type Holder = { self: boolean; name: string; finance: boolean };

/**
 * The freeze confirmation's sentence on how the card is used again, for the person about to freeze it. An unfreeze is
 * finance's to do (card.unfreeze, never on their own card); anyone else's card comes back through an unfreeze request
 * by its holder, routed as every request is (lib/requests/policy.ts, approvalRoute): below the unfreeze threshold to
 * the team's manager alone, at or above it to the manager and then a finance member; a manager's own to finance (two
 * members at or above the threshold); a finance member's own below it to another finance member. A team without a
 * manager who could take the step has finance take it, and another finance member after (routeAfterStandIn).
 */
export function unfreezeAdviceText(facts: UnfreezeFacts): string {
  switch (facts.kind) {
    case "direct":
      return "You can unfreeze it from this page at any time.";
    case "no_holder":
      return "Only finance can unfreeze it: a card without a holder takes no unfreeze request.";
    case "no_team":
      return facts.holder.self
        ? "Only finance can unfreeze it: an unfreeze request needs a team to route its approval, and you belong to none."
        : `Only finance can unfreeze it: an unfreeze request needs a team to route its approval, and ${facts.holder.name} belongs to none.`;
    case "request": {
      const { holder } = facts;
      const financeMember = holder.finance ? "another finance member" : "a finance member";
      const twoFinanceMembers = holder.finance ? "two other finance members" : "two finance members";
      const team = holder.self ? "your team" : "their team";
      let who: string;
      if (facts.standIn) who = `${team} has no manager who could approve it, so ${twoFinanceMembers} do`;
      else if (facts.steps[0] === "finance") who = facts.steps.length > 1 ? `${twoFinanceMembers} approve it` : `${financeMember} approves it`;
      else {
        const first = facts.viewerApproves ? "you approve it as their team's manager" : `${team}'s manager approves it`;
        who = facts.steps.length > 1 ? `${first}, then ${financeMember}` : first;
      }
      const asks = holder.self ? "ask for it with an unfreeze request" : `${holder.name} asks for it with an unfreeze request`;
      const direct = holder.finance ? "Another finance member can also unfreeze it directly." : "Finance can also unfreeze it directly.";
      return `To use it again, ${asks}: ${who}. ${direct}`;
    }
  }
}

/**
 * unfreezeAdviceText for this viewer and card, as the policy stands now: the route an unfreeze request its holder filed
 * at this moment would take (the amount it releases against the unfreeze threshold in the card's currency, as filing
 * weighs it: lib/requests/create-request.ts), and whether the team has a manager who could take the first step.
 * Finance unfreezes a card not their own from its page: they are told so.
 */
export async function unfreezeAdvice(db: DbOrTx, viewer: SessionUser, card: CardView): Promise<string> {
  if (availableCardActions(viewer, { ...card, status: "frozen" }).has("unfreeze")) return unfreezeAdviceText({ kind: "direct" });
  const holderId = card.ownerUserId;
  if (holderId === null) return unfreezeAdviceText({ kind: "no_holder" });
  const managersOf = (teamId: string) =>
    eligibleApprovers(db, { organizationId: card.organizationId, teamId, requesterUserId: holderId, beneficiaryUserId: holderId, lastApproverUserId: null }, "team_manager");
  // Side by side, not a database round trip apiece: the threshold does not depend on the holder, nor the managers of
  // the team the card names (read even when the route turns out to start with finance).
  const [person, threshold, cardTeamManagers] = await Promise.all([
    holderId === viewer.id ? viewer : findUserById(db, holderId),
    thresholdFor(db, { organizationId: card.organizationId, kind: "unfreeze", currency: card.currency }),
    card.teamId ? managersOf(card.teamId) : null,
  ]);
  if (!person || person.organizationId !== card.organizationId) return unfreezeAdviceText({ kind: "no_holder" });
  const holder: Holder = { self: person.id === viewer.id, name: person.name, finance: person.roles.includes("finance") };
  // The team filing routes through: the card's, else the holder's first (create-request.ts, teamOf).
  const teamId = card.teamId ?? person.teamIds[0] ?? null;
  if (!teamId) return unfreezeAdviceText({ kind: "no_team", holder });
  const steps = approvalRoute({ requester: person, teamId, policyAmount: releasedToSpend(card), threshold });
  const managers = steps[0] === "team_manager" ? (cardTeamManagers ?? (await managersOf(teamId))) : [];
  return unfreezeAdviceText({
    kind: "request",
    holder,
    steps,
    standIn: steps[0] === "team_manager" && managers.length === 0,
    viewerApproves: managers.some((manager) => manager.id === viewer.id),
  });
}
