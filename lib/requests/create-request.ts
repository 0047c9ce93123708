import type { Db, DbOrTx } from "@/db/client";
import { lockCard } from "@/db/queries/card-updates";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { lockRequestSubmission } from "@/db/queries/request-submissions";
import { hasOpenRequestForCard, insertRequest, insertRequestEvent, lockFundingRequestsOf } from "@/db/queries/requests";
import { findUserById, type UserWithAccess } from "@/db/queries/users";
import type { RequestKind, RequestTerms } from "@/db/schema/requests";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { fieldError, parseFormAmount } from "@/lib/cards/amounts";
import { assertMayHoldCard } from "@/lib/cards/card-holder";
import { prepareIssue } from "@/lib/cards/issue-card";
import { limitLoweredProblem, raisesALimit, whySpentMoreThan } from "@/lib/cards/limit-increase";
import { issueCardSchema, type IssueCardRequest } from "@/lib/cards/schemas";
import { ALREADY_REQUESTED } from "./already-requested";
import { whyCardRefusesRequest } from "./card-takes-request";
import { followRepeatedSubmission } from "./repeated-submission";
import { notifyStepWaiting } from "./request-notices";
import { approvalRoute, thresholdFor, weighWithEarlierFunding, whyCardChangedHands, whyNoApprover } from "./policy";
import type { CreateRequestInput } from "./schemas";
import { limitIncreaseDetails, policyAmountOf } from "./terms";
import { LIFETIME_BELOW_PER_TRANSACTION } from "@/lib/cards/limit-messages";

type Plan = {
  kind: RequestKind;
  beneficiary: UserWithAccess;
  teamId: string;
  cardId: string | null;
  providerAccountId: string | null;
  currency: string;
  terms: RequestTerms;
  /** What the request alone puts at risk, before the policy adds earlier top-ups and first loads; null when unlimited. */
  policyAmount: bigint | null;
  details: Record<string, unknown>;
};

async function activeColleague(db: DbOrTx, user: SessionUser, id: string, field: string): Promise<UserWithAccess> {
  const person = await findUserById(db, id);
  if (!person || person.organizationId !== user.organizationId || !person.active) throw fieldError(field, "Choose an active person in your organisation.");
  return person;
}

function teamOf(person: UserWithAccess, preferred: string | null): string {
  const teamId = preferred ?? person.teamIds[0] ?? null;
  if (!teamId) throw new ActionError("conflict", `${person.name} belongs to no team, and a request needs a team to route its approval. Ask an administrator to add them to one.`);
  return teamId;
}

/** The card fields of a new-card request, validated exactly as issuing will validate them. */
async function planNewCard(db: Db, user: SessionUser, input: Extract<CreateRequestInput, { kind: "new_card" }>): Promise<Plan> {
  const forSomeoneElse = input.beneficiaryUserId !== undefined && input.beneficiaryUserId !== user.id;
  if (forSomeoneElse && !user.roles.includes("finance")) throw new ActionError("forbidden", "Only finance can ask for a card on someone else's behalf.");
  const beneficiary = assertMayHoldCard(await activeColleague(db, user, input.beneficiaryUserId ?? user.id, "beneficiaryUserId"), "beneficiaryUserId");
  const teamId = teamOf(beneficiary, null);
  const parsed = issueCardSchema.safeParse({ ...input.card, ownerUserId: beneficiary.id, teamId });
  if (!parsed.success) throw new ActionError("invalid_input", "Some fields need attention.", issuesToFields(parsed.error.issues));
  const issue = parsed.data;
  if (issue.kind === "cardepass-sharebalance" && issue.lifetimeLimit === "") {
    throw fieldError("lifetimeLimit", "Ask for a lifetime limit: an unlimited card is issued by finance only.");
  }
  const plan = await prepareIssue(db, user, issue);
  const terms: RequestTerms = plan.limits
    ? { perTransactionLimit: plan.limits.perTransaction.amount.toString(), lifetimeLimit: plan.limits.lifetime!.amount.toString() }
    : { amount: plan.initial!.amount.toString() };
  // The amounts live in the terms (what approvers may lower); the rest is kept to issue exactly this card later.
  const details = withoutAmounts(issue);
  return { kind: "new_card", beneficiary, teamId, cardId: null, providerAccountId: plan.account.id, currency: plan.currency, terms, policyAmount: policyAmountOf(terms), details };
}

function withoutAmounts(issue: IssueCardRequest): Record<string, unknown> {
  const { ownerUserId: _owner, teamId: _team, ...rest } = issue as IssueCardRequest & Record<string, unknown>;
  const copy: Record<string, unknown> = { ...rest, currency: "currency" in issue ? issue.currency : undefined };
  delete copy.initialAmount;
  delete copy.perTransactionLimit;
  delete copy.lifetimeLimit;
  return copy;
}

async function planCardChange(db: Db, user: SessionUser, input: Exclude<CreateRequestInput, { kind: "new_card" }>): Promise<Plan> {
  const card = await findCardForView(db, input.cardId);
  if (!card || card.organizationId !== user.organizationId) throw fieldError("cardId", "That card does not exist.");
  if (card.ownerUserId !== user.id) throw fieldError("cardId", "You can ask for changes to your own cards only.");
  // The same rule the new-request form offers kinds by (kindsCardCanTake), so it never offers what this refuses.
  const refused = whyCardRefusesRequest(input.kind, card);
  if (refused) throw fieldError("cardId", refused);
  const beneficiary = await activeColleague(db, user, user.id, "cardId");
  const base = { kind: input.kind, beneficiary, teamId: teamOf(beneficiary, card.teamId), cardId: card.id, providerAccountId: card.providerAccountId, currency: card.currency, details: {} };
  const withTerms = (terms: RequestTerms) => ({ ...base, terms, policyAmount: policyAmountOf(terms) });
  switch (input.kind) {
    case "top_up":
      return withTerms({ amount: parseFormAmount("amount", input.amount, card.currency).amount.toString() });
    case "limit_increase":
      return withTerms(limitTerms(card, input.perTransactionLimit, input.lifetimeLimit));
    case "unfreeze":
    case "activate":
      return { ...base, terms: {}, policyAmount: releasedToSpend(card) };
  }
}

function limitTerms(card: CardView, perTransactionText: string, lifetimeText: string): RequestTerms {
  const errors: Record<string, string> = {};
  const attempt = (field: string, text: string) => {
    try {
      return parseFormAmount(field, text, card.currency).amount;
    } catch (error) {
      if (error instanceof ActionError && error.fields) Object.assign(errors, error.fields);
      return null;
    }
  };
  const perTransaction = attempt("perTransactionLimit", perTransactionText);
  const lifetime = attempt("lifetimeLimit", lifetimeText);
  const perTransactionLowered = perTransaction === null ? null : limitLoweredProblem(perTransaction, card.limitPerTransaction, card.currency);
  const lifetimeLowered = lifetime === null ? null : limitLoweredProblem(lifetime, card.limitLifetime, card.currency);
  if (perTransactionLowered) errors.perTransactionLimit = perTransactionLowered;
  if (lifetimeLowered) errors.lifetimeLimit = lifetimeLowered;
  if (perTransaction !== null && lifetime !== null && !lifetimeLowered) {
    const spent = whySpentMoreThan(lifetime, card);
    if (lifetime < perTransaction) errors.lifetimeLimit = LIFETIME_BELOW_PER_TRANSACTION;
    else if (spent) errors.lifetimeLimit = `${spent}; ask for a higher lifetime limit.`;
    // Measured from the card's lifetime limit now, which the request keeps as the one it raises (limitIncreaseDetails).
    else if (!raisesALimit({ perTransaction, lifetime }, card, card.limitLifetime)) {
      errors.lifetimeLimit = "This asks for no increase: raise at least one of the two limits above today's.";
    }
  }
  if (Object.keys(errors).length > 0) throw new ActionError("invalid_input", "Some fields need attention.", errors);
  return { perTransactionLimit: perTransaction!.toString(), lifetimeLimit: lifetime!.toString() };
}

/**
 * What a status change (unfreezing, activating) releases to be spent: a prepaid card's balance, or a ShareBalance
 * card's unspent lifetime limit. Null (above every threshold) when that is not bounded or not known: a ShareBalance
 * card without a lifetime limit can spend without end (its per-transaction limit caps one payment, not the total), and
 * a balance Cardhub has not read is not a zero balance.
 */
export function releasedToSpend(card: Pick<CardView, "cardModel" | "balance" | "limitLifetime" | "limitUsed">): bigint | null {
  if (card.cardModel !== "sharebalance") return card.balance;
  if (card.limitLifetime === null) return null;
  return card.limitLifetime - (card.limitUsed ?? 0n);
}

function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return fields;
}

function checkNeededBy(neededBy: string): void {
  const todayUtc = new Date().toISOString().slice(0, 10);
  if (neededBy !== "" && neededBy < todayUtc) throw fieldError("neededBy", "The date needed by cannot be in the past.");
}

/**
 * One open request per card and kind, decided under the card's lock so parallel filings take turns (the database's
 * unique index refuses any path that skips this), and for the card's holder and team as they stand under that lock.
 */
async function assertCardStillOpenTo(tx: DbOrTx, plan: Plan, cardId: string): Promise<{ teamId: string | null; limitLifetime: bigint | null }> {
  const card = await lockCard(tx, cardId);
  if (!card || whyCardChangedHands({ beneficiaryUserId: plan.beneficiary.id, teamId: plan.teamId }, card)) {
    throw new ActionError("conflict", "This card changed hands while you were asking. Look at it again.");
  }
  if (await hasOpenRequestForCard(tx, { cardId: card.id, kind: plan.kind })) {
    // On the Card field: the form then reloads what it offers, and shows the card's open request with a link to it.
    throw new ActionError("conflict", ALREADY_REQUESTED, { cardId: ALREADY_REQUESTED });
  }
  return { teamId: card.teamId, limitLifetime: card.limitLifetime };
}

/**
 * SECURITY: the team a request is routed through, read under the beneficiary's filing lock (lockFundingRequestsOf). A
 * team move takes the same lock before it reads the person's requests (lib/users/team-move.ts), so this filing is
 * either committed before the move, which then takes it along, or sees the team the person moved to: never routed
 * through a team they left. A card's team, when it has one, is read under the card's lock taken just before.
 */
async function teamUnderPersonLock(tx: DbOrTx, plan: Plan, cardTeamId: string | null): Promise<string> {
  await lockFundingRequestsOf(tx, plan.beneficiary.id);
  const beneficiary = await findUserById(tx, plan.beneficiary.id);
  if (!beneficiary || !beneficiary.active) throw new ActionError("conflict", "Choose an active person in your organisation.");
  return teamOf(beneficiary, cardTeamId);
}

/**
 * Files a request: validated as its execution will be, routed by the policy of this moment (a top-up, first load or
 * lifetime-limit increase with the person's recent ones), refused at once when nobody could approve it. Request, first timeline event, audit row and the approvers' notifications commit together.
 */
export async function createRequest(db: Db, user: SessionUser, meta: RequestMeta, input: CreateRequestInput): Promise<{ requestId: string }> {
  // Before any check: a retry of a top-up that went through would otherwise be refused as a second open one.
  const repeated = await followRepeatedSubmission(db, user, input);
  if (repeated) return repeated;
  const dateError = (() => {
    try {
      checkNeededBy(input.neededBy);
      return null;
    } catch (error) {
      return error as ActionError;
    }
  })();
  let plan: Plan;
  try {
    plan = input.kind === "new_card" ? await planNewCard(db, user, input) : await planCardChange(db, user, input);
  } catch (error) {
    // Report the date together with the other fields' problems, all at once.
    if (dateError && error instanceof ActionError && error.code === "invalid_input") {
      throw new ActionError("invalid_input", error.message, { ...error.fields, ...dateError.fields });
    }
    throw error;
  }
  if (dateError) throw dateError;

  const threshold = await thresholdFor(db, { organizationId: user.organizationId, kind: plan.kind, currency: plan.currency });

  return db.transaction(async (tx) => {
    // MONEY: two sendings of one submission at the same moment take turns here; the second follows the first's request.
    if (input.submissionId) {
      await lockRequestSubmission(tx, { organizationId: user.organizationId, submissionId: input.submissionId });
      const filed = await followRepeatedSubmission(tx, user, input);
      if (filed) return filed;
    }
    const card = plan.cardId ? await assertCardStillOpenTo(tx, plan, plan.cardId) : null;
    // The card's lock, then the person's: the team is read under both, and the earlier requests added include any filed a moment ago.
    const teamId = await teamUnderPersonLock(tx, plan, card?.teamId ?? null);
    const route = { organizationId: user.organizationId, teamId, requesterUserId: user.id, beneficiaryUserId: plan.beneficiary.id };
    // MONEY: a limit increase is weighed by how far it raises the lifetime limit the card has under its lock now.
    const details = plan.kind === "limit_increase" && card ? limitIncreaseDetails(card.limitLifetime) : plan.details;
    const { policyAmount, policyBasis } = await weighWithEarlierFunding(tx, { ...route, kind: plan.kind, currency: plan.currency, terms: plan.terms, details, policyAmount: plan.policyAmount });
    const steps = approvalRoute({ requester: user, teamId, policyAmount, threshold });
    const blocked = await whyNoApprover(tx, route, steps);
    if (blocked) throw new ActionError("conflict", blocked);
    const request = await insertRequest(tx, {
      ...route,
      kind: plan.kind,
      status: "pending",
      steps,
      currentStep: 0,
      awaiting: steps[0],
      cardId: plan.cardId,
      providerAccountId: plan.providerAccountId,
      currency: plan.currency,
      policyAmount,
      policyBasis,
      threshold,
      requested: plan.terms,
      approved: plan.terms,
      details,
      purpose: input.purpose,
      neededBy: input.neededBy === "" ? null : input.neededBy,
      submissionId: input.submissionId ?? null,
    });
    await insertRequestEvent(tx, { requestId: request.id, type: "created", actorUserId: user.id, comment: input.purpose });
    await record(tx, auditContextFor(user, meta), {
      action: "request.created",
      targetType: "request",
      targetId: request.id,
      teamId: request.teamId,
      summary: {
        kind: request.kind,
        for: plan.beneficiary.email,
        cardId: request.cardId ?? undefined,
        currency: request.currency,
        ...request.requested,
        policyAmount: policyAmount ?? "unlimited",
        policyBasis: policyBasis ?? undefined,
        threshold,
        steps,
      },
    });
    await notifyStepWaiting(tx, request);
    return { requestId: request.id };
  });
}
