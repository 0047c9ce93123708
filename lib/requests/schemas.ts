import { z } from "zod";
import { REQUEST_KINDS, REQUEST_STATUSES } from "@/db/schema/requests";
import { amountTooLargeProblem, thousandsSeparatorProblem } from "@/lib/cards/amount-text";
import { amountText } from "@/lib/cards/schemas";
import { REJECT_COMMENT_MIN_LENGTH, REJECT_NEEDS_COMMENT } from "./reject-comment";
import { currencyCodeSchema, currencyCodeShapeSchema } from "@/lib/validation/currency-code";
import { uuidSchema } from "@/lib/validation/uuid";
import { PURPOSE_MAX_LENGTH } from "./purpose-length";

/**
 * Inputs of the request actions, shared by the forms (instant feedback) and the server (the check that counts).
 * Amounts are decimal strings in the currency of the card or product; the server turns them into minor units.
 */
const uuid = uuidSchema({ error: "Choose an item from the list." });

export const purposeText = z
  .string({ error: "Say what this is for." })
  .trim()
  .min(3, "Say what this is for, so the approver can decide.")
  .max(PURPOSE_MAX_LENGTH, `At most ${PURPOSE_MAX_LENGTH} characters.`);

/** YYYY-MM-DD; "" = no date. Whether it lies in the past is checked against today's date in UTC by the server. */
export const neededByText = z.union([z.literal(""), z.iso.date({ error: "Enter a date such as 2026-12-31." })]).default("");

/**
 * The browser's id for one submission of the new-request form (lib/requests/repeated-submission.ts): sent again, it
 * answers the request it filed first. Random (version 4) ids only, as the card forms' order ids.
 */
const submissionId = uuidSchema({ version: "v4", error: "This form is out of date. Reload the page and try again." }).optional();

const common = { purpose: purposeText, neededBy: neededByText, submissionId };

export const createRequestSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("new_card"),
    ...common,
    /** Finance may ask on someone else's behalf; left out = for oneself. */
    beneficiaryUserId: uuid.optional(),
    /** The card fields of the issue form (without owner and team, which come from the beneficiary). */
    card: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal("top_up"), ...common, cardId: uuid, amount: amountText }),
  z.object({
    kind: z.literal("limit_increase"),
    ...common,
    cardId: uuid,
    perTransactionLimit: amountText,
    lifetimeLimit: amountText,
  }),
  // Status changes ask for no amount: the card alone.
  z.object({ kind: z.literal("unfreeze"), ...common, cardId: uuid }),
  z.object({ kind: z.literal("activate"), ...common, cardId: uuid }),
]);
export type CreateRequestInput = z.output<typeof createRequestSchema>;
export type CreateRequestFormInput = z.input<typeof createRequestSchema>;

export const requestIdSchema = z.object({ requestId: uuid });

/** Optional lowered terms: "" or left out = keep what the request asks. */
const lowered = z.union([z.literal(""), amountText]).optional();

/** The step the approver was shown (the request's currentStep): a decision is refused once the request moved on. */
const stepSeen = z.number({ error: "Say which step you decide." }).int().min(0);

export const approveRequestSchema = z.object({
  requestId: uuid,
  step: stepSeen,
  amount: lowered,
  perTransactionLimit: lowered,
  lifetimeLimit: lowered,
  comment: z.string().trim().max(500, "At most 500 characters.").default(""),
});
export type ApproveRequestInput = z.output<typeof approveRequestSchema>;

export const rejectRequestSchema = z.object({
  requestId: uuid,
  step: stepSeen,
  comment: z.string({ error: "Say why you reject it." }).trim().min(REJECT_COMMENT_MIN_LENGTH, REJECT_NEEDS_COMMENT).max(500, "At most 500 characters."),
});
export type RejectRequestInput = z.output<typeof rejectRequestSchema>;

const policyKind = z.enum(REQUEST_KINDS, { error: "Choose a request kind." });

export const approvalPolicySchema = z.object({
  kind: policyKind,
  currency: currencyCodeSchema(),
  // Not amountText: a threshold of 0 is allowed (every such request also needs finance).
  threshold: z
    .string({ error: "Enter a threshold." })
    .trim()
    .superRefine((value, context) => {
      const problem =
        thousandsSeparatorProblem(value) ??
        amountTooLargeProblem(value) ??
        (/^\d{1,12}(\.\d+)?$/.test(value) ? null : "Enter an amount such as 1000 or 1000.00, without a currency sign.");
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
});

/** Removing the threshold of one kind and currency: its requests then all go to finance (thresholdFor: none is 0). */
export const removeApprovalPolicySchema = z.object({ kind: policyKind, currency: currencyCodeShapeSchema() });

/** The list's URL parameters; anything else is ignored with a notice by the page. */
export const REQUEST_TABS = ["inbox", "mine", "all"] as const;
export type RequestTab = (typeof REQUEST_TABS)[number];

export const requestListQuerySchema = z.object({
  tab: z.enum(REQUEST_TABS).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  kind: z.enum(REQUEST_KINDS).optional(),
  requester: uuidSchema().optional(),
  team: uuidSchema().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
});
