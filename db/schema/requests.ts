import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { teams } from "./teams";
import { users } from "./users";

export const REQUEST_KINDS = ["new_card", "limit_increase", "top_up", "unfreeze", "activate"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** pending → approved → executing → done | failed; pending → rejected; pending | approved → cancelled. */
export const REQUEST_STATUSES = ["pending", "approved", "executing", "done", "failed", "rejected", "cancelled"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Still under way: a card has at most one open request of each kind. A failed request is closed (nobody can cancel
 * it); finance's retry reopens it, and is refused while a newer request of its kind is open.
 */
export const OPEN_REQUEST_STATUSES = ["pending", "approved", "executing"] as const satisfies readonly RequestStatus[];

/**
 * Still standing: money that went or may still go out. Rejected, cancelled (withdrawn included) and failed requests
 * moved none, so the policy leaves them out when it adds up a person's earlier requests.
 */
export const STANDING_REQUEST_STATUSES = ["pending", "approved", "executing", "done"] as const satisfies readonly RequestStatus[];

/**
 * The kinds that can make money spendable: a top-up, a new card's first load or ShareBalance lifetime limit, and a
 * ShareBalance card's lifetime-limit increase (by how much it raises the limit; see lib/requests/terms.ts).
 */
export const FUNDING_REQUEST_KINDS = ["top_up", "new_card", "limit_increase"] as const satisfies readonly RequestKind[];
export type FundingRequestKind = (typeof FUNDING_REQUEST_KINDS)[number];

/**
 * The kinds that only change a card's status: unfreezing a frozen card, activating one issued but not activated yet.
 * They ask for no amount (their terms are empty) and move no money, yet release what the card holds to be spent.
 */
export const STATUS_CHANGE_REQUEST_KINDS = ["unfreeze", "activate"] as const satisfies readonly RequestKind[];
export type StatusChangeRequestKind = (typeof STATUS_CHANGE_REQUEST_KINDS)[number];

export function isStatusChangeRequest(kind: RequestKind): kind is StatusChangeRequestKind {
  return (STATUS_CHANGE_REQUEST_KINDS as readonly RequestKind[]).includes(kind);
}

/**
 * What the policy added to a request's own amount when it was filed: per kind, the same person's earlier standing
 * requests that put money on a card in the same currency within the window. `amount` is minor units as a decimal
 * string (JSON has no bigint).
 */
export type PolicyBasis = { days: number; earlier: { kind: FundingRequestKind; count: number; amount: string }[] };

/** Who must approve a step: a manager of the request's team, or a finance member. */
export const APPROVER_ROLES = ["team_manager", "finance"] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

export const REQUEST_EVENT_TYPES = ["created", "approved", "rejected", "cancelled", "executing", "executed", "failed", "retried", "rerouted"] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

/** Money terms of a request in minor units as decimal strings (JSON has no bigint). */
export type RequestTerms = { amount?: string; perTransactionLimit?: string; lifetimeLimit?: string };

/**
 * A person's request for a card, a limit increase, a top-up, an unfreeze or an activation. The approval route (`steps`)
 * is fixed when it is filed, from the policy of that moment, so editing a policy never changes a request in flight.
 */
export const cardRequests = pgTable(
  "card_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind").$type<RequestKind>().notNull(),
    status: text("status").$type<RequestStatus>().notNull().default("pending"),
    steps: text("steps").array().$type<ApproverRole[]>().notNull(),
    /** Index into steps of the approval still owed; equals steps.length once approved. */
    currentStep: integer("current_step").notNull().default(0),
    /** steps[currentStep] while pending, else null: what the inbox query filters on. */
    awaiting: text("awaiting").$type<ApproverRole>(),
    requesterUserId: uuid("requester_user_id")
      .notNull()
      .references(() => users.id),
    /** Who the card or money is for: the requester, or the person finance asked on behalf of. */
    beneficiaryUserId: uuid("beneficiary_user_id")
      .notNull()
      .references(() => users.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    cardId: uuid("card_id").references(() => cards.id),
    providerAccountId: uuid("provider_account_id").references(() => providerAccounts.id),
    currency: text("currency").notNull(),
    /**
     * The amount the policy compared with its threshold (minor units); null when there is no bound (unfreezing a card
     * without a lifetime limit), which is at or above every threshold. For a request that puts money on a card, its own
     * amount plus the earlier ones in `policyBasis`.
     */
    policyAmount: bigint("policy_amount", { mode: "bigint" }),
    /** What was added to the request's own amount (see PolicyBasis); null when it was weighed alone. */
    policyBasis: jsonb("policy_basis").$type<PolicyBasis>(),
    threshold: bigint("threshold", { mode: "bigint" }).notNull(),
    requested: jsonb("requested").$type<RequestTerms>().notNull().default({}),
    /** What approvers agreed to: never above what was asked. */
    approved: jsonb("approved").$type<RequestTerms>().notNull().default({}),
    /** Non-money, non-secret details of a new card (product, model, alias, holder address). */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    purpose: text("purpose").notNull(),
    neededBy: date("needed_by"),
    lastApproverUserId: uuid("last_approver_user_id").references(() => users.id),
    /** The n-th execution; the order's idempotency key is derived from (id, attempt). */
    executionAttempt: integer("execution_attempt").notNull().default(1),
    orderId: uuid("order_id"),
    failureMessage: text("failure_message"),
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }),
    /**
     * When this execution attempt first found its card busy with another change and began waiting for it
     * (lib/requests/busy-card.ts): the day it may wait counts from here. null until it has waited; a retry starts anew.
     */
    cardBusySince: timestamp("card_busy_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /**
     * The browser's id for one submission of the new-request form: sent again (a double click, a retry after a lost
     * answer), it finds this request instead of filing a second. null = filed without one (scripts, older forms).
     */
    submissionId: uuid("submission_id"),
  },
  (table) => [
    // Every list is ORDER BY created_at DESC, id DESC (SQL's default NULLS FIRST): the indexes say so exactly.
    index("card_requests_org_created_idx").on(table.organizationId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_requester_idx").on(table.requesterUserId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_beneficiary_idx").on(table.beneficiaryUserId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_team_idx").on(table.teamId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_status_idx").on(table.organizationId, table.status, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_kind_idx").on(table.organizationId, table.kind, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("card_requests_awaiting_idx")
      .on(table.organizationId, table.awaiting, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst())
      .where(sql`${table.status} = 'pending'`),
    // The requests list's "Waiting for another change" filter (isWaitingOnCard): few rows at any time, walked in list order.
    index("card_requests_waiting_idx")
      .on(table.organizationId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst())
      .where(sql`${table.status} in ('approved', 'executing') and ${table.cardBusySince} is not null`),
    index("card_requests_due_idx").on(table.nextCheckAt).where(sql`${table.status} in ('approved', 'executing')`),
    index("card_requests_card_idx").on(table.cardId),
    // One open request per card and kind, whatever races: the database refuses a second.
    uniqueIndex("card_requests_one_open_per_card_kind")
      .on(table.cardId, table.kind)
      .where(sql`${table.status} in (${sql.raw(OPEN_REQUEST_STATUSES.map((status) => `'${status}'`).join(", "))})`),
    // MONEY: one request per submission, whatever races (lib/requests/repeated-submission.ts).
    uniqueIndex("card_requests_org_submission_unique").on(table.organizationId, table.submissionId),
  ],
);

/** The timeline of a request: every step, who took it, what they changed and why. */
export const cardRequestEvents = pgTable(
  "card_request_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => cardRequests.id),
    type: text("type").$type<RequestEventType>().notNull(),
    /** null = the worker acting on the approvals. */
    actorUserId: uuid("actor_user_id").references(() => users.id),
    step: integer("step"),
    comment: text("comment"),
    /** For approvals that lowered an amount: { field: { from, to } } in minor units. */
    changes: jsonb("changes").$type<Record<string, { from: string; to: string }>>(),
    /**
     * A decision taken in another role than its step's: "finance" for a team manager's step finance took because
     * the team had no manager who could (lib/requests/policy.ts, financeStandsIn). null = in the step's own role.
     */
    actedAs: text("acted_as").$type<"finance">(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("card_request_events_request_idx").on(table.requestId, table.createdAt, table.id),
    // One approval per step, whatever races: the database refuses a second.
    uniqueIndex("card_request_events_one_approval_per_step").on(table.requestId, table.step).where(sql`${table.type} = 'approved'`),
  ],
);

/**
 * Per organisation, request kind and currency: at or above `threshold` (minor units) a finance approval follows
 * the manager's. A currency without a row needs finance for every request.
 */
export const approvalPolicies = pgTable(
  "approval_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind").$type<RequestKind>().notNull(),
    currency: text("currency").notNull(),
    threshold: bigint("threshold", { mode: "bigint" }).notNull(),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("approval_policies_org_kind_currency_unique").on(table.organizationId, table.kind, table.currency)],
);
