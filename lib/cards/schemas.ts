import { z } from "zod";
import {
  ADDRESS_MESSAGES,
  ALIAS_MAX,
  ALIAS_REQUIRED,
  ALIAS_TOO_LONG,
  CHOOSE_FROM_LIST,
  HOLDER_NAME_LATIN,
  HOLDER_NAME_MAX,
  HOLDER_NAME_PATTERN,
  PRODUCT_ID_MAX,
  PRODUCT_ID_TOO_LONG,
  TAG_MAX,
  TAG_TOO_LONG,
  TAGS_MAX,
  TOO_MANY_TAGS,
  ZIP_CODE_PATTERN,
} from "./form-checks";
import { amountTextProblem } from "./amount-text";
import { currencyCodeSchema } from "@/lib/validation/currency-code";
import { uuidSchema } from "@/lib/validation/uuid";

/**
 * Inputs of the card actions, shared by the forms (for instant feedback) and the server (which is the check that
 * counts). Amounts travel as decimal strings in the card's currency and become integer minor units on the server.
 */
export const amountText = z
  .string({ error: "Enter an amount." })
  .trim()
  .superRefine((value, context) => {
    const problem = amountTextProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

const uuid = uuidSchema({ error: CHOOSE_FROM_LIST });
const tags = z.array(z.string().trim().min(1).max(TAG_MAX, TAG_TOO_LONG)).max(TAGS_MAX, TOO_MANY_TAGS).default([]);
const alias = z.string().trim().min(1, ALIAS_REQUIRED).max(ALIAS_MAX, ALIAS_TOO_LONG);

const cardPlacement = {
  accountId: uuid,
  productId: z.string().trim().min(1, ADDRESS_MESSAGES.product).max(PRODUCT_ID_MAX, PRODUCT_ID_TOO_LONG),
  /** null or left out = an unassigned company card (only finance reveals it, with a stated reason). */
  ownerUserId: uuid.nullable().optional(),
  /** null = deliberately no team; left out = the owner's team. */
  teamId: uuid.nullable().optional(),
  alias,
  tags,
};

const nameText = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the cardholder's ${label}.`)
    .max(HOLDER_NAME_MAX, `At most ${HOLDER_NAME_MAX} characters.`)
    .regex(HOLDER_NAME_PATTERN, HOLDER_NAME_LATIN);

export const issueCardSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("cardepass-sharebalance"),
    ...cardPlacement,
    currency: currencyCodeSchema(),
    perTransactionLimit: amountText,
    /** Empty = unlimited lifetime spend. */
    lifetimeLimit: z.union([amountText, z.literal("")]).default(""),
  }),
  z.object({
    kind: z.literal("cardepass-standard"),
    ...cardPlacement,
    currency: currencyCodeSchema(),
    /** Left out: no first load, which only an account that issues Standard cards empty takes (prepareIssue decides). */
    initialAmount: amountText.optional(),
    /** Optional, and only on an account that issues Standard cards empty (Cardepass v2, whose apply examples carry one). */
    perTransactionLimit: amountText.optional(),
  }),
  z.object({
    kind: z.literal("nobepay"),
    ...cardPlacement,
    holderFirstName: nameText("first name"),
    holderLastName: nameText("last name"),
    street: z.string().trim().min(1, ADDRESS_MESSAGES.street).max(100),
    city: z.string().trim().min(1, ADDRESS_MESSAGES.city).max(60),
    state: z.string().trim().length(2, ADDRESS_MESSAGES.state),
    zipCode: z.string().trim().regex(ZIP_CODE_PATTERN, ADDRESS_MESSAGES.zipCode),
    initialAmount: amountText,
  }),
  z.object({ kind: z.literal("cardopenapi"), ...cardPlacement, initialAmount: amountText }),
]);
export type IssueCardFormInput = z.input<typeof issueCardSchema>;
export type IssueCardRequest = z.output<typeof issueCardSchema>;
export type IssueKind = IssueCardRequest["kind"];

/**
 * The browser's id for one submission of a card action (made once per dialog or form opening), used as the order's
 * id: a submission sent again after its answer was lost follows the order the first one placed instead of placing a
 * second. Random (version 4) ids only: an approved request's later execution keys are version 5.
 */
const orderId = uuidSchema({ version: "v4", error: "This form is out of date. Reload the page and try again." }).optional();

/** The issue form's input: the card, and the id of this submission. */
export const issueCardActionSchema = issueCardSchema.and(z.object({ orderId }));

export const cardIdSchema = z.object({ cardId: uuid, orderId });

export const cancelCardSchema = z.object({
  cardId: uuid,
  confirm: z.literal(true, { error: "Confirm that you want to cancel this card." }),
  orderId,
});

export const cardAmountSchema = z.object({ cardId: uuid, amount: amountText, orderId });

export const setCardLimitsSchema = z.object({
  cardId: uuid,
  perTransactionLimit: amountText,
  lifetimeLimit: z.union([amountText, z.literal("")]).default(""),
  orderId,
});

export const updateCardSchema = z.object({ cardId: uuid, alias, tags });

export const reassignCardSchema = z.object({ cardId: uuid, ownerUserId: uuid, teamId: uuid.nullable().optional() });

export const refreshProductsSchema = z.object({ accountId: uuid.optional() });

/** A cardholder's address as NobePay's card/update takes it (street, city, state, zipCode; the country stays). */
export const holderAddressSchema = z.object({
  cardId: uuid,
  street: z.string().trim().min(1, "Enter the street address.").max(100, "At most 100 characters."),
  city: z.string().trim().min(1, "Enter the city.").max(60, "At most 60 characters."),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Choose a state."),
  zipCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, "Enter a 5-digit ZIP code."),
});
export type HolderAddressRequest = z.output<typeof holderAddressSchema>;
