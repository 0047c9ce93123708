import type { DbOrTx } from "@/db/client";
import { findApprovalPolicy } from "@/db/queries/approval-policies";
import { listApproverCandidates, listRequestApprovals, lockFundingRequestsOf, sumRecentFundingRequests } from "@/db/queries/requests";
import { findUserById } from "@/db/queries/users";
import type { ApproverRole, PolicyBasis, RequestKind, RequestTerms } from "@/db/schema/requests";
import { can, managesTeam, type Actor } from "@/lib/auth/permissions";
import { NOT_WAITING } from "./not-waiting";
import { tookStepAsFinance } from "./stand-in";
import { fundingAmountOf } from "./terms";

/**
 * The approval policy, as data plus these rules:
 * - below the threshold the requester's team manager approves; at or above it the manager and then a finance
 *   member, two different people;
 * - a manager's own request (for a team they manage) goes to finance: one finance member below the threshold, two
 *   different ones at or above it;
 * - a finance member's own request below the threshold goes to another finance member; at or above it, to the
 *   team's manager and then another finance member;
 * - nobody approves a request they filed or that is for them, and the second step is never the first's approver.
 * An amount without bound (null: unfreezing a card without a lifetime limit) is at or above every threshold.
 * A request that makes money spendable (a top-up, a new card's first load or ShareBalance lifetime limit, a ShareBalance
 * lifetime-limit increase) is weighed with the same person's standing requests that did so in its currency in the last
 * 30 days (weighWithEarlierFunding), so six top-ups of 900.00 filed one after another, or three limit increases of
 * 400.00 on three cards, reach finance like one request for the whole sum. The route is fixed when the request is filed.
 */
export function approvalRoute(params: {
  requester: Pick<Actor, "roles" | "managedTeamIds">;
  teamId: string;
  policyAmount: bigint | null;
  threshold: bigint;
}): ApproverRole[] {
  const managesOwnTeam = managesTeam(params.requester, params.teamId);
  const isFinance = params.requester.roles.includes("finance");
  const belowThreshold = params.policyAmount !== null && params.policyAmount < params.threshold;
  if (belowThreshold) return [managesOwnTeam || isFinance ? "finance" : "team_manager"];
  return [managesOwnTeam ? "finance" : "team_manager", "finance"];
}

/** How far back the policy adds up a person's requests that put money on a card. */
export const POLICY_WINDOW_DAYS = 30;

/**
 * The amount a request is routed on. One that makes money spendable (see fundingAmountOf) is weighed by that money, plus
 * what the beneficiary's earlier top-ups, new cards (first loads, ShareBalance lifetime limits) and lifetime-limit
 * increases (by how much each raised the limit) made spendable in its currency in the last POLICY_WINDOW_DAYS days, as
 * approved, unless they were rejected, cancelled or failed; anything else is weighed alone (policyBasis null).
 * Splitting a sum into requests below the threshold, filed one after another or on several cards, therefore still
 * reaches finance. A limit increase is weighed by its increase: `details` carries the lifetime limit it raises.
 * SECURITY: call it inside the filing's transaction. It takes a per-person lock first, so parallel filings add each
 * other up in turn instead of both reading the sum from before either.
 */
export async function weighWithEarlierFunding(
  tx: DbOrTx,
  params: {
    organizationId: string;
    beneficiaryUserId: string;
    kind: RequestKind;
    currency: string;
    terms: RequestTerms;
    details?: Readonly<Record<string, unknown>>;
    policyAmount: bigint | null;
  },
): Promise<{ policyAmount: bigint | null; policyBasis: PolicyBasis | null }> {
  const own = fundingAmountOf(params.kind, params.terms, params.details);
  if (own === null || params.policyAmount === null) return { policyAmount: params.policyAmount, policyBasis: null };
  await lockFundingRequestsOf(tx, params.beneficiaryUserId);
  const earlier = await sumRecentFundingRequests(tx, { organizationId: params.organizationId, beneficiaryUserId: params.beneficiaryUserId, currency: params.currency, days: POLICY_WINDOW_DAYS });
  return {
    policyAmount: earlier.reduce((sum, row) => sum + row.amount, own),
    policyBasis: { days: POLICY_WINDOW_DAYS, earlier: earlier.map((row) => ({ kind: row.kind, count: row.count, amount: row.amount.toString() })) },
  };
}

/** The threshold for a kind and currency; a currency without a policy sends every request to finance (threshold 0). */
export async function thresholdFor(db: DbOrTx, params: { organizationId: string; kind: RequestKind; currency: string }): Promise<bigint> {
  const policy = await findApprovalPolicy(db, params);
  return policy?.threshold ?? 0n;
}

export type StepContext = {
  organizationId: string;
  status: string;
  awaiting: ApproverRole | null;
  teamId: string;
  requesterUserId: string;
  beneficiaryUserId: string;
  lastApproverUserId: string | null;
};

/** Whether the person who filed a request and the person it is for are still active (see whyPartyInactive). */
export type PartiesStanding = { requesterActive: boolean; beneficiaryActive: boolean };

/**
 * Why a request may no longer move on because a person it is by or for has been deactivated, or null. Deactivation
 * withdraws their requests (withdrawRequestsOfDeactivatedPerson); this refuses one that slipped past it, e.g. filed in
 * the moment before.
 */
export function whyPartyInactive(parties: PartiesStanding): string | null {
  if (!parties.beneficiaryActive) return "The person this request is for has been deactivated, so it can no longer be approved or carried out.";
  if (!parties.requesterActive) return "The person who filed this request has been deactivated, so it can no longer be approved or carried out.";
  return null;
}

/** Reads whether the request's requester and beneficiary are still active people of its organisation. */
export async function partiesStanding(db: DbOrTx, request: Pick<StepContext, "organizationId" | "requesterUserId" | "beneficiaryUserId">): Promise<PartiesStanding> {
  const standing = async (id: string) => {
    const person = await findUserById(db, id);
    return !!person && person.active && person.organizationId === request.organizationId;
  };
  // One after the other: inside a transaction both would share one connection.
  const requesterActive = await standing(request.requesterUserId);
  const beneficiaryActive = request.beneficiaryUserId === request.requesterUserId ? requesterActive : await standing(request.beneficiaryUserId);
  return { requesterActive, beneficiaryActive };
}

/** What whyCannotApprove weighs besides the request: see partiesStanding and financeStandsIn. */
export type StepStanding = { parties?: PartiesStanding; financeStandsIn?: boolean };

/**
 * Why this person may not take the request's current step, or null if they may. Pure: the server's last word. With
 * `parties` (what approving passes), a request by or for a deactivated person is refused too. With `financeStandsIn`
 * (the team has no manager who could take its manager's step, see financeStandsIn), a finance member may take that
 * step; the four-eyes rules above apply to them as to anyone. Call it through whyCannotTakeStep, which reads both.
 */
export function whyCannotApprove(actor: Actor, request: StepContext, standing: StepStanding = {}): string | null {
  if (actor.organizationId !== request.organizationId) return "That request does not exist.";
  if (request.status !== "pending" || !request.awaiting) return NOT_WAITING;
  const inactive = standing.parties ? whyPartyInactive(standing.parties) : null;
  if (inactive) return inactive;
  if (actor.id === request.requesterUserId || actor.id === request.beneficiaryUserId) return "Nobody approves their own request.";
  if (actor.id === request.lastApproverUserId) return "You approved the previous step; a different person must approve this one.";
  const resource = { organizationId: request.organizationId, ownerUserId: request.beneficiaryUserId, teamId: request.teamId };
  if (!can(actor, "request.approve", resource)) return "You cannot approve requests of this team.";
  if (request.awaiting === "team_manager" && !managesTeam(actor, request.teamId)) {
    if (!standing.financeStandsIn) return "This step waits for a manager of the requester's team.";
    if (!actor.roles.includes("finance")) return "This step waits for a manager of the requester's team, or, as the team has none, for finance.";
  }
  if (request.awaiting === "finance" && !actor.roles.includes("finance")) return "This step waits for a finance member.";
  return null;
}

/**
 * Whether finance takes the request's current step in place of the team's manager: it waits for the team's manager and
 * the team has no active manager who could take it (the last one left or lost the role, none was ever named, or the only
 * one filed the request or is the person it is for). A request must not wait forever for a manager nobody is, and
 * finance approves requests of every team (DESIGN.md, Roles). While the team has such a manager, finance does not.
 */
export async function financeStandsIn(db: DbOrTx, request: StepContext): Promise<boolean> {
  if (request.status !== "pending" || request.awaiting !== "team_manager") return false;
  return (await eligibleApprovers(db, request, "team_manager")).length === 0;
}

/**
 * whyCannotApprove on what stands now: whether finance stands in for the team's manager is read from the database.
 * The one answer to "may this person act on this step", for the server's decision and for the request page alike.
 */
export async function whyCannotTakeStep(db: DbOrTx, actor: Actor, request: StepContext, parties?: PartiesStanding): Promise<string | null> {
  const standsIn = actor.organizationId === request.organizationId && (await financeStandsIn(db, request));
  return whyCannotApprove(actor, request, { parties, financeStandsIn: standsIn });
}

/**
 * Why a card-change request no longer fits its card, or null if it does. Its route and four-eyes checks were made
 * for the holder and team of the moment it was filed: once the card is someone else's (an approver's, say) or in
 * another team, those approvals would move money for a person or team they were never asked about. A card without a
 * team is routed through its holder's team, as when the request was filed.
 */
export function whyCardChangedHands(request: { beneficiaryUserId: string; teamId: string }, card: { ownerUserId: string | null; teamId: string | null }): string | null {
  if (card.ownerUserId !== request.beneficiaryUserId) return "The card changed hands since this request was filed: it no longer belongs to the person the request is for.";
  if (card.teamId !== null && card.teamId !== request.teamId) return "The card moved to another team since this request was filed, so this team's approval no longer covers it.";
  return null;
}

/** The people who could take a step now (active, right role, four eyes respected). Empty = nobody can. */
export async function eligibleApprovers(
  db: DbOrTx,
  request: Omit<StepContext, "status" | "awaiting">,
  role: ApproverRole,
  alsoExclude: readonly string[] = [],
): Promise<{ id: string; name: string; email: string }[]> {
  const candidates = await listApproverCandidates(db, { organizationId: request.organizationId, role, teamId: request.teamId });
  const excluded = new Set([request.requesterUserId, request.beneficiaryUserId, ...(request.lastApproverUserId ? [request.lastApproverUserId] : []), ...alsoExclude]);
  return candidates.filter((candidate) => !excluded.has(candidate.id));
}

/** The people who could take a step now, and whether they are finance standing in for the team's manager. */
export type StepApprovers = { standIn: boolean; people: { id: string; name: string; email: string }[] };

/** eligibleApprovers, with finance in place of a team's manager nobody can be (see financeStandsIn). */
export async function stepApprovers(db: DbOrTx, request: Omit<StepContext, "status" | "awaiting">, role: ApproverRole): Promise<StepApprovers> {
  const people = await eligibleApprovers(db, request, role);
  if (role !== "team_manager" || people.length > 0) return { standIn: false, people };
  return { standIn: true, people: await eligibleApprovers(db, request, "finance") };
}

/**
 * SECURITY (four eyes): finance standing in for a missing manager at `step` never carries a request alone, so a route
 * with no finance step after it gets one; whoever could empty a team of managers must not become its only approver.
 */
export function routeAfterStandIn(steps: readonly ApproverRole[], step: number): ApproverRole[] {
  return steps.slice(step + 1).includes("finance") ? [...steps] : [...steps, "finance"];
}

/** In words, for the requester: who the route still waits for. */
export const APPROVER_LABELS: Record<ApproverRole, string> = { team_manager: "the team's manager", finance: "finance" };

/**
 * Whether the whole route can be walked: each step needs someone, and a two-step route needs two different people.
 * Returns the requester-facing reason when it cannot.
 */
export async function whyNoApprover(db: DbOrTx, request: Omit<StepContext, "status" | "awaiting" | "lastApproverUserId">, steps: readonly ApproverRole[]): Promise<string | null> {
  // One after the other: inside a transaction they would share one connection.
  const pools: StepApprovers["people"][] = [];
  let standIn = false;
  for (const role of steps) {
    const step = await stepApprovers(db, { ...request, lastApproverUserId: null }, role);
    standIn ||= step.standIn;
    pools.push(step.people);
  }
  // Finance standing in for the manager is followed by a second finance member (decide-request.ts, approveRequest).
  if (standIn && routeAfterStandIn(steps, 0).length > steps.length) pools.push(pools[0]!);
  for (const [index, pool] of pools.entries()) {
    if (pool.length === 0) {
      return steps[index] === "team_manager"
        ? "Nobody can approve this request: your team has no manager other than you, and no finance member other than you and the person it is for can take the step in their place. Ask an administrator to name a manager."
        : "Nobody can approve this request: there is no finance member other than you and the person it is for.";
    }
  }
  const [first, second] = pools;
  if (first && second) {
    const distinctPair = first.some((a) => second.some((b) => b.id !== a.id));
    if (!distinctPair) {
      return standIn
        ? "Nobody can approve this request: your team has no manager other than you, and finance takes the step only with two different finance members, other than you and the person it is for. Ask an administrator to name a manager."
        : "Nobody can approve this request: it needs two different approvers and only one person is eligible.";
    }
  }
  return null;
}

const STEP_ROLE_WORDS: Record<ApproverRole, string> = { team_manager: "as the team's manager", finance: "for finance" };

/**
 * Why an earlier approval of this request no longer counts, or null if every one still does. An approval is the
 * judgement of a person holding the step's role: once they are deactivated, no longer manage the request's team (a
 * team_manager step) or no longer hold the finance role (a finance step, or a team_manager step finance took because
 * the team had no manager: acted_as "finance"), it cannot carry the request on to the next step or to the provider.
 * Finance's stand-in also lapses once the request's team has a manager who could take the step (named since, back, or
 * the request moved with its requester to a managed team): it stood in for a manager the team no longer lacks.
 * The schema keeps one approval per step for good (a unique index over the timeline), so a lapsed approval cannot be
 * taken back and the step asked again: approving the next step and executing are refused with this reason instead.
 * SECURITY: call it under the request's lock, at every step after the first and when execution starts.
 */
export async function whyApprovalsLapsed(
  db: DbOrTx,
  request: Pick<StepContext, "organizationId" | "teamId" | "requesterUserId" | "beneficiaryUserId"> & { id: string; steps: readonly ApproverRole[] },
): Promise<string | null> {
  for (const approval of await listRequestApprovals(db, request.id)) {
    const stepRole = approval.step === null ? undefined : request.steps[approval.step];
    const role = stepRole === "team_manager" && tookStepAsFinance(approval) ? "finance" : stepRole;
    const stepName = approval.step === null ? "an earlier step" : `step ${approval.step + 1}`;
    const person = approval.approverUserId ? await findUserById(db, approval.approverUserId) : null;
    if (!role || !person || person.organizationId !== request.organizationId) return `The approval of ${stepName} names no approver of this organisation, so it no longer counts.`;
    if (!person.active) return `${person.name}, who approved ${stepName} ${STEP_ROLE_WORDS[role]}, has been deactivated since, so that approval no longer counts.`;
    const holdsRole = role === "team_manager" ? managesTeam(person, request.teamId) : person.roles.includes("finance");
    if (!holdsRole) {
      return role === "team_manager"
        ? `${person.name}, who approved ${stepName} as the team's manager, no longer manages this team, so that approval no longer counts.`
        : `${person.name}, who approved ${stepName} for finance, no longer holds the finance role, so that approval no longer counts.`;
    }
    if (stepRole === "team_manager" && tookStepAsFinance(approval)) {
      const [manager] = await eligibleApprovers(db, { ...request, lastApproverUserId: null }, "team_manager");
      if (manager) return `${person.name} approved ${stepName} for finance because the team had no manager; ${manager.name} manages it now, so that approval no longer counts.`;
    }
  }
  return null;
}
