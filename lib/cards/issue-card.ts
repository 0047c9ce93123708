import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { findProduct, type ProductRow } from "@/db/queries/products";
import { findProviderAccount, type ProviderAccountRow } from "@/db/queries/provider-accounts";
import { findPendingIssueLike } from "@/db/queries/pending-issues";
import { findOrder, insertOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { findTeam } from "@/db/queries/teams";
import { archivedTeamMessage } from "@/lib/teams/archived-team-message";
import { findUserById } from "@/db/queries/users";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { compareMoney, type Money } from "@/lib/money";
import type { CardModel, ProviderName } from "@/lib/providers";
import { fundingShortfall } from "@/lib/fees/funding-shortfall";
import { FundingShortfallError } from "@/lib/fees/funding-shortfall-error";
import { quoteFee } from "@/lib/fees/product-fees";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { findPayingBalance } from "@/lib/funding/paying-balance";
import { issuesStandardCardsEmpty, NO_FIRST_LOAD_ON_V2 } from "@/lib/providers/cardepass/first-load";
import { amountTextProblem } from "./amount-text";
import { fieldError, parseFormAmount } from "./amounts";
import { activeHolder, assertMayHoldCard, HOLDER_NOT_IN_ORGANIZATION, lockHolder } from "./card-holder";
import { binBalanceProblem, firstDepositMinimumProblem } from "./form-checks";
import { ISSUE_KINDS } from "./issue-kinds";
import type { IssueCardRequest } from "./schemas";
import { followOrder } from "@/lib/orders/follow-order";
import type { OrderRequest } from "@/lib/orders/order-request";
import { answerWithin } from "@/lib/orders/answer-within";
import { startOrder } from "@/lib/orders/start-order";
import { checkRepeatedIssue } from "./repeated-order";
import { LIFETIME_BELOW_PER_TRANSACTION } from "./limit-messages";

/** The refusal of a card issued again while the same card is still being issued (the form reloaded mid-issue). */
export const ISSUE_ALREADY_UNDER_WAY =
  "You are already issuing a card with this alias to this holder, and the provider has not answered yet. Find it under Cards (Pending); to issue a second card, give it another alias.";

export type IssueCardResult = { cardId: string; orderId: string; status: string; failureMessage: string | null };

function currencyFor(input: IssueCardRequest, product: ProductRow): string {
  const requested = "currency" in input ? input.currency.toUpperCase() : (product.currencies[0] ?? "USD");
  if (product.currencies.length > 0 && !product.currencies.includes(requested)) {
    throw fieldError("currency", `This product issues cards in ${product.currencies.join(", ")} only.`);
  }
  return requested;
}

function checkFirstDeposit(amount: Money, product: ProductRow, provider: ProviderName): void {
  const problem = firstDepositMinimumProblem(product, amount.amount, amount.currency, provider);
  if (problem) throw fieldError("initialAmount", problem);
}

const FIRST_TOP_UP = "card's first top-up";

const STANDARD_TAKES_NO_LIMIT = "This provider account's Standard cards take no per-transaction limit.";

/** A card request's terms are an amount (lib/requests/create-request.ts): it cannot ask for a card issued empty. */
const EMPTY_CARD_NOT_REQUESTABLE = "This provider's v2 API issues the card empty, so a request cannot carry a first top-up: ask finance to issue the card, then request a top-up.";

/** SECURITY (funding.view): both refusals state a funding balance (FundingShortfallError), so only issuing asks them. */
async function refuseAboveFunding(db: Db, params: { account: ProviderAccountRow; product: ProductRow; model: CardModel; currency: string; initial: Money }): Promise<void> {
  const { account, product, currency, initial } = params;
  const binShort = binBalanceProblem(product, initial.amount, currency, account.provider);
  if (binShort) throw new FundingShortfallError("initialAmount", binShort, FIRST_TOP_UP);
  const fee = quoteFee(parseProductFees(product.fees), params.model, "issue", initial.amount);
  const paying = await findPayingBalance(db, { providerAccountId: account.id, provider: account.provider, productId: product.providerProductId, currency });
  const shortfall = fundingShortfall({ amount: initial.amount, currency, fee, paying, what: FIRST_TOP_UP });
  if (shortfall) throw new FundingShortfallError("initialAmount", shortfall, FIRST_TOP_UP);
}

/**
 * Everything the provider request needs, validated against the account, product and organisation first. Card
 * requests run it when they are filed, so a request that could never be issued is refused on its field at once.
 * options.emptyCard: issuing directly, where a Standard card of an account that issues them empty (Cardepass v2) is
 * issued without a first load; without it, such a card is refused, as a request cannot ask for it.
 */
export async function prepareIssue(db: Db, user: SessionUser, input: IssueCardRequest, options: { checkFunding?: boolean; emptyCard?: boolean } = {}) {
  const kind = ISSUE_KINDS[input.kind];
  const account = await findProviderAccount(db, input.accountId);
  if (!account || account.organizationId !== user.organizationId || !account.active) throw fieldError("accountId", "Choose one of your organisation's active provider accounts.");
  if (account.provider !== kind.provider) throw fieldError("accountId", `This account is a ${account.provider} account; choose a ${kind.provider} account.`);
  const product = await findProduct(db, { providerAccountId: account.id, providerProductId: input.productId });
  if (!product || product.details.withdrawn) throw fieldError("productId", "This product is not offered by the account any more. Refresh the products list.");
  if (!product.cardModels.includes(kind.model)) throw fieldError("productId", `This product cannot issue ${kind.model} cards.`);

  const owner = input.ownerUserId ? await findUserById(db, input.ownerUserId) : null;
  if (input.ownerUserId && (!owner || owner.organizationId !== user.organizationId || !owner.active)) throw fieldError("ownerUserId", HOLDER_NOT_IN_ORGANIZATION);
  if (owner) assertMayHoldCard(owner);
  const teamId = input.teamId === null ? null : (input.teamId ?? owner?.teamIds[0] ?? null);
  if (teamId) {
    const team = await findTeam(db, teamId);
    if (!team || team.organizationId !== user.organizationId) throw fieldError("teamId", "Choose one of your organisation's teams.");
    if (team.archivedAt) throw fieldError("teamId", archivedTeamMessage(team.name));
  }

  const currency = currencyFor(input, product);
  const request: OrderRequest = { type: "issue", productId: product.providerProductId, model: kind.model, currency, alias: input.alias, tags: input.tags };
  // ShareBalance: both limits. A Cardepass v2 Standard card: at most a per-transaction limit (lifetime null).
  let limits: { perTransaction: Money; lifetime: Money | null } | null = null;
  let initial: Money | null = null;
  if (input.kind === "cardepass-sharebalance") {
    const perTransaction = parseFormAmount("perTransactionLimit", input.perTransactionLimit, currency);
    const lifetime = input.lifetimeLimit ? parseFormAmount("lifetimeLimit", input.lifetimeLimit, currency) : null;
    if (lifetime && compareMoney(lifetime, perTransaction) < 0) throw fieldError("lifetimeLimit", LIFETIME_BELOW_PER_TRANSACTION);
    limits = { perTransaction, lifetime };
    Object.assign(request, { perTransactionLimit: perTransaction.amount.toString(), lifetimeLimit: lifetime ? lifetime.amount.toString() : null });
  } else if (input.kind === "cardepass-standard" && issuesStandardCardsEmpty(account)) {
    // MONEY: nothing to load on apply; the card's money comes by top-up once it exists (first-load.ts).
    if (!options.emptyCard) throw fieldError("initialAmount", EMPTY_CARD_NOT_REQUESTABLE);
    if (input.initialAmount !== undefined) throw fieldError("initialAmount", NO_FIRST_LOAD_ON_V2);
    // cardepass-v2.md's Standard apply examples carry '"maxAuthAmount": "100"'; its table lists no field: optional.
    if (input.perTransactionLimit !== undefined) {
      const perTransaction = parseFormAmount("perTransactionLimit", input.perTransactionLimit, currency);
      limits = { perTransaction, lifetime: null };
      Object.assign(request, { perTransactionLimit: perTransaction.amount.toString() });
    }
  } else {
    // cardepass-v1.md's Standard apply takes no maxAuthAmount ("仅在共享模式下可用"): refused, never silently dropped.
    if (input.kind === "cardepass-standard" && input.perTransactionLimit !== undefined) throw fieldError("perTransactionLimit", STANDARD_TAKES_NO_LIMIT);
    if (input.initialAmount === undefined) throw fieldError("initialAmount", amountTextProblem("")!);
    initial = parseFormAmount("initialAmount", input.initialAmount, currency);
    checkFirstDeposit(initial, product, kind.provider);
    // Refused on its field before anything is sent; the provider's own refusal still covers a balance that moved since.
    // Only when issuing: a request is filed and approved (by people who may not see funding) before money moves, and
    // its execution refuses it then, in words that name no balance (lib/requests/execute-request.ts).
    if (options.checkFunding) await refuseAboveFunding(db, { account, product, model: kind.model, currency, initial });
    Object.assign(request, { initialAmount: initial.amount.toString() });
  }
  let holderName: string | null = null;
  if (input.kind === "nobepay") {
    holderName = `${input.holderFirstName} ${input.holderLastName}`;
    const states = (product.details.usStates as { code: string }[] | undefined) ?? [];
    if (states.length > 0 && !states.some((state) => state.code === input.state)) throw fieldError("state", "Choose a state from the list.");
    Object.assign(request, {
      holder: {
        firstName: input.holderFirstName,
        lastName: input.holderLastName,
        address: { street: input.street, city: input.city, state: input.state, zipCode: input.zipCode, country: "US" },
      },
    });
  }
  return { account, product, owner, teamId, currency, request, limits, initial, holderName, model: kind.model };
}

/** The card an earlier submission under the same order id issued (or is issuing), followed instead of issued again. */
async function followRepeatedIssue(db: Db, user: SessionUser, input: IssueCardRequest, order: ProviderOrderRow, answerWithinMs?: number): Promise<IssueCardResult> {
  await checkRepeatedIssue(db, order, { user, input });
  const answer = await answerWithin(followOrder(db, order.id), answerWithinMs, `following ${order.id}`);
  const latest = answer === "sending" ? null : answer;
  return { cardId: order.cardId!, orderId: order.id, status: latest?.status ?? order.status, failureMessage: latest?.failureMessage ?? order.failureMessage };
}

/**
 * Issues a card: the card (pending) and its issue order are written, with an audit row, before the provider is
 * called; the order id is the provider's idempotency key. The approvals flow reuses this function.
 * options.orderId: an approved card request's execution key, or the browser's id of one submission of the form; a
 * submission repeated under it follows the card the first one issued.
 */
export async function issueCard(
  db: Db,
  user: SessionUser,
  meta: RequestMeta,
  input: IssueCardRequest,
  /**
   * answerWithinMs: wait at most this long for the provider's first answer (the issue form), else until it answers.
   * forRequest: the approved request this issue carries out, named on its audit row.
   */
  options: { orderId?: string; answerWithinMs?: number; forRequest?: string } = {},
): Promise<IssueCardResult> {
  // SECURITY: a card's owner is the only person who may reveal its number, so nobody issues a card to themselves
  // (DESIGN.md, security rules). They ask through a request that someone else approves; the attempt is audited.
  if (input.ownerUserId === user.id) {
    await record(db, auditContextFor(user, meta), {
      action: "permission.denied",
      outcome: "denied",
      targetType: "card",
      summary: { permission: "card.issue", reason: "self_assignment" },
    });
    throw alreadyAudited(
      new ActionError("forbidden", "You cannot issue a card to yourself. Ask for one through a request that someone else approves.", {
        ownerUserId: "Choose someone other than yourself.",
      }),
    );
  }
  // Before the checks: the first submission may already have spent the funding a second look would find short.
  const repeated = options.orderId ? await findOrder(db, options.orderId) : null;
  if (repeated) return followRepeatedIssue(db, user, input, repeated, options.answerWithinMs);
  const plan = await prepareIssue(db, user, input, { checkFunding: true, emptyCard: true });
  const placed = await db.transaction(async (tx) => {
    if (options.orderId) {
      // Two submissions under one id at once: the second waits here, then follows the first one's card.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`order:${options.orderId}`}, 0))`);
      const existing = await findOrder(tx, options.orderId);
      if (existing) return { repeated: true as const, order: existing };
    }
    // SECURITY: checked again under a share lock on the holder's row, held until the card is committed: a deactivation
    // at this moment either lists the new card or is waited for and refuses it (lib/cards/card-holder.ts).
    if (plan.owner) activeHolder(await lockHolder(tx, { userId: plan.owner.id, organizationId: user.organizationId }));
    // MONEY: a second submission of the same card while the first is still with the provider (the form reloaded, its
    // submission id lost) would issue and charge twice. The same person issuing the same alias to the same holder on the
    // same account is refused until the first is answered; a person's issues take turns here so two cannot both pass.
    if (!options.forRequest) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`issue:${user.id}`}, 0))`);
      const pending = await findPendingIssueLike(tx, { organizationId: user.organizationId, createdByUserId: user.id, alias: input.alias, ownerUserId: plan.owner?.id ?? null, providerAccountId: plan.account.id });
      if (pending) throw new ActionError("conflict", ISSUE_ALREADY_UNDER_WAY, { alias: ISSUE_ALREADY_UNDER_WAY });
    }
    const card = await insertCard(tx, {
      organizationId: user.organizationId,
      providerAccountId: plan.account.id,
      productId: plan.product.id,
      cardModel: plan.model,
      ownerUserId: plan.owner?.id ?? null,
      teamId: plan.teamId,
      alias: input.alias,
      tags: input.tags,
      holderName: plan.holderName,
      currency: plan.currency,
      status: "pending",
      limitPerTransaction: plan.limits?.perTransaction.amount ?? null,
      limitLifetime: plan.limits?.lifetime?.amount ?? null,
      // Only a ShareBalance card counts use against its limits; a Standard card's limit is per transaction alone.
      limitUsed: plan.limits && plan.model === "sharebalance" ? 0n : null,
      createdByUserId: user.id,
    });
    // An approved card request passes its own key: a second execution collides on it instead of issuing twice.
    const order = await insertOrder(tx, {
      id: options.orderId,
      organizationId: user.organizationId,
      providerAccountId: plan.account.id,
      cardId: card.id,
      type: "issue",
      amount: plan.initial?.amount ?? null,
      currency: plan.currency,
      request: plan.request,
      createdByUserId: user.id,
    });
    await record(tx, auditContextFor(user, meta), {
      action: "order.created",
      targetType: "card",
      targetId: card.id,
      teamId: plan.teamId,
      summary: {
        orderId: order.id,
        type: "issue",
        providerAccount: plan.account.label,
        product: plan.product.name,
        model: plan.model,
        owner: plan.owner?.email ?? null,
        alias: input.alias,
        amount: plan.initial?.amount,
        perTransactionLimit: plan.limits?.perTransaction.amount,
        lifetimeLimit: plan.limits && plan.model === "sharebalance" ? (plan.limits.lifetime?.amount ?? "unlimited") : undefined,
        currency: plan.currency,
        ...(options.forRequest ? { forRequest: options.forRequest } : {}),
      },
    });
    return { repeated: false as const, card, order };
  });
  if (placed.repeated) return followRepeatedIssue(db, user, input, placed.order, options.answerWithinMs);
  const { card, order } = placed;
  // The form waits for the provider's first answer only so long (answerWithin); an approved request's run waits it out.
  const answer = await answerWithin(startOrder(db, order.id), options.answerWithinMs, `starting ${order.id}`);
  const started = answer === "sending" ? null : answer;
  return { cardId: card.id, orderId: order.id, status: started?.status ?? "created", failureMessage: started?.failureMessage ?? null };
}
