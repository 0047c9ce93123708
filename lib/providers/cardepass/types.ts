/**
 * Cardepass wire shapes, tolerant of both documents (cardepass-v1.md, cardepass-v2.md):
 * every field either version names is optional here, and transform.ts picks what is present.
 */
import { z } from "zod";

const str = z.string().nullish();
const amount = z.union([z.number(), z.string()]).nullish();
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const tokenSchema = loose({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string()]).nullish(),
  token_type: str,
});

export const envelopeSchema = loose({
  data: z.unknown().optional(),
  responseId: str,
  hasError: z.union([z.boolean(), z.string()]).nullish(),
  errorCode: z.union([z.string(), z.number()]).nullish(),
  errorMessage: str,
  pagination: loose({ nextCursor: str, hasMore: z.boolean().nullish(), pageSize: z.unknown() }).nullish(),
});
export type CardepassEnvelope = z.infer<typeof envelopeSchema>;

export const productSchema = loose({
  productCode: z.string(),
  productName: str,
  cardModels: z.array(z.string()).nullish(),
  cardCurrency: z.union([z.array(z.string()), z.string()]).nullish(),
  description: str,
});
export const productListSchema = z.array(productSchema);

export const cardInfoSchema = loose({
  cardId: str,
  productCode: str,
  productName: str,
  cardCurrency: str,
  maskCardNumber: str,
  cardModel: str,
  cardAlias: str,
  balance: amount,
});
export type CardepassCardInfo = z.infer<typeof cardInfoSchema>;

/** GET /v1/cards/{id}: v1 (status, balanceAmount, alias, applyTime, PAN) and v2 (cardStatus, balance, cardAlias, createdOn). */
export const cardDetailSchema = loose({
  cardId: z.string(),
  cardModel: str,
  productCode: str,
  cardCurrency: str,
  alias: str,
  cardAlias: str,
  status: str,
  cardStatus: str,
  balanceAmount: amount,
  balance: amount,
  maxAuthAmount: amount,
  usedCreditAmount: amount,
  maxCreditAmount: amount,
  cardOrganization: str,
  applyTime: str,
  createdOn: str,
  maskCardNumber: str,
  // Secrets: read only by toCardSecrets / masked by toCard.
  cardNumber: str,
  cvv: str,
  expirationMMYY: str,
});
export type CardepassCardDetail = z.infer<typeof cardDetailSchema>;

const feeItemSchema = loose({ feeType: str, amount, currency: str });

export const orderSchema = loose({
  orderNo: str,
  customerOrderNo: str,
  status: z.string(),
  orderType: str,
  productInfo: loose({ productCode: str, productName: str, cardModel: str, cardCurrency: str }).nullish(),
  cardId: str,
  cardInfo: cardInfoSchema.nullish(),
  cardInfos: z.array(cardInfoSchema).nullish(),
  orderLines: z
    .array(loose({ topUpAmount: amount, cardInfo: cardInfoSchema.nullish(), feeItems: z.array(feeItemSchema).nullish() }))
    .nullish(),
  maxAuthAmount: amount,
  maxCreditAmount: amount,
  transAmount: amount,
  transFee: amount,
  totalAmount: amount,
  totalTopUpAmount: amount,
  totalFee: amount,
  totalPayAmount: amount,
  withdrawAmount: amount,
  withdrawFee: amount,
  fee: amount,
  settleAmount: amount,
  settleStatus: str,
  failureReason: str,
  payMessage: str,
  note: str,
  createdOn: str,
  completedOn: str,
});
export type CardepassOrder = z.infer<typeof orderSchema>;

const moneyObject = loose({ currency: str, amount }).nullish();

/** v1 transaction (status AuthSuccess/AuthFailure/Settled, amount objects) and v2 (flat amount). */
export const transactionSchema = loose({
  id: str,
  transactionId: str,
  cardId: str,
  cardInfo: cardInfoSchema.nullish(),
  cardAlias: str,
  authTime: str,
  settleTime: str,
  transactionTime: str,
  transAmount: moneyObject,
  authAmount: moneyObject,
  settledAmount: moneyObject,
  amount,
  currency: str,
  authCode: str,
  merchantName: str,
  merchantCountryCode: str,
  merchantCity: str,
  merchantDesc: str,
  description: str,
  status: str,
  fundsDirection: str,
  transactionType: str,
  failureReason: str,
  note: str,
});
export type CardepassTransaction = z.infer<typeof transactionSchema>;

export const transactionPageV1Schema = loose({
  pageCursor: str,
  pageSize: z.unknown(),
  data: z.array(z.unknown()).nullish(),
});

export const accountsV1Schema = z.array(loose({ currency: z.string(), amount }));
export const accountsV2Schema = loose({
  currency: z.string(),
  accountBalance: amount,
  availableBalance: amount,
  frozenBalance: amount,
});

/** cardAccountLogs item (v1 example) and accountLogs item (v1 field table). */
export const accountLogSchema = loose({
  accountLogId: str,
  id: str,
  cardOrderNo: str,
  orderNo: str,
  cardAccountLogType: str,
  accountTransType: str,
  cardInfo: cardInfoSchema.nullish(),
  fundsDirection: str,
  currency: str,
  transAmount: z.union([moneyObject, z.number(), z.string()]).nullish(),
  availableBalance: amount,
  blockedBalance: amount,
  totalFee: moneyObject,
  feeItems: z.array(feeItemSchema).nullish(),
  totalAmount: moneyObject,
  status: str,
  failureReason: str,
  note: str,
  transTime: str,
  completedTime: str,
});
export type CardepassAccountLog = z.infer<typeof accountLogSchema>;

export const accountLogPageSchema = loose({
  pageNumber: z.unknown(),
  pageSize: z.unknown(),
  totalRecords: z.unknown(),
  totalPages: z.unknown(),
  data: z.array(z.unknown()).nullish(),
});
