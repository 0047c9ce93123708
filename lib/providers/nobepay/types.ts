/** NobePay wire shapes (nobepay.md). All amounts are integer cents; times are epoch milliseconds. */
import { z } from "zod";

const str = z.string().nullish();
const cents = z.union([z.number(), z.string()]).nullish();
const time = z.union([z.number(), z.string()]).nullish();
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const envelopeSchema = loose({
  success: z.boolean().nullish(),
  msg: str,
  code: z.union([z.number(), z.string()]).nullish(),
  data: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});
export type NobepayEnvelope = z.infer<typeof envelopeSchema>;

export const tokenSchema = loose({ accessToken: z.string().min(1), expiresIn: z.union([z.number(), z.string()]).nullish() });

const moneySchema = loose({ amount: cents, currency: str }).nullish();

export const segmentSchema = loose({
  vid: z.string(),
  cardBin: str,
  desp: str,
  posOrder: z.unknown().optional(),
  cardCount: z.unknown().optional(),
  activeCardCount: z.unknown().optional(),
  accountBalance: moneySchema,
  newCardMinDepositAmount: moneySchema,
});
export const segmentListSchema = z.array(segmentSchema);

const addressSchema = loose({ street: str, city: str, state: str, country: str, zipCode: str }).nullish();

export const cardSchema = loose({
  userId: str,
  customerId: str,
  // The document's list and info examples spell it this way.
  cutomerId: str,
  cardHolderId: str,
  holderName: str,
  cardId: z.string(),
  cardSeqNo: str,
  deposit: cents,
  consume: cents,
  balance: cents,
  cvc: str,
  number: str,
  cardBin: str,
  last4: str,
  status: z.string(),
  statusText: str,
  expYear: z.union([z.number(), z.string()]).nullish(),
  expMonth: z.union([z.number(), z.string()]).nullish(),
  gmtCreate: time,
  tags: z.array(z.string()).nullish(),
});
export type NobepayCard = z.infer<typeof cardSchema>;

/** Create answer, list item and info answer all wrap the card like this. */
export const cardWrapperSchema = loose({
  card: cardSchema,
  tags: z.array(z.string()).nullish(),
  cardHolder: loose({ firstName: str, lastName: str, address: addressSchema }).nullish(),
  address: addressSchema,
});

export const pageSchema = loose({
  data: z.array(z.unknown()).nullish(),
  pageSize: z.unknown().optional(),
  total: z.unknown().optional(),
  pageNo: z.unknown().optional(),
});

/** Transactions v2 (and webhook data); the deprecated trade/list shape is accepted too. */
export const transactionSchema = loose({
  transactionId: z.string(),
  userId: str,
  cardId: str,
  cardCustomerId: str,
  cardNumber: str,
  cardSeqNo: str,
  desp: str,
  reason: str,
  preAuthAmount: cents,
  preAuthCurrency: str,
  preAuthTime: time,
  transactionAmount: cents,
  transactionCurrency: str,
  transactionTime: time,
  status: z.string(),
  gmtCreate: time,
  gmtModified: time,
  // deprecated /card/trade/list
  amount: cents,
  currency: str,
  tradeAt: time,
  cardLast4: str,
});
export type NobepayTransaction = z.infer<typeof transactionSchema>;

export const webhookSchema = loose({
  eventType: z.string(),
  eventId: z.string(),
  webhookSubscribeId: str,
  data: z.unknown(),
});

export const cardOrderSchema = loose({
  cardId: z.string(),
  type: z.string(),
  typeText: str,
  desp: str,
  amount: cents,
  tradeAt: time,
});
