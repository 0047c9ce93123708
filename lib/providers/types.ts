/**
 * The normalized model every page, action and job sees, whatever the provider.
 * Security boundary: Card, Transaction, Order and every other type here carry at most a
 * masked number (first 6 + last 4). Full number, CVV and PIN exist only in CardSecrets,
 * which only `getCardSecrets` returns.
 */
import type { Money } from "@/lib/money";

export type { Money } from "@/lib/money";

export const PROVIDER_NAMES = ["cardepass", "nobepay", "cardopenapi"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

// ---- account configuration -------------------------------------------------------------

export type CardepassCredentials = { clientId: string; clientSecret: string };
export type NobepayCredentials = { appKey: string; appSecret: string };
export type CardopenapiCredentials = { customerId: number; appId: number; key: string };
export type ProviderCredentials = CardepassCredentials | NobepayCredentials | CardopenapiCredentials;

export type ProviderAccountSettings = {
  /** IANA zone for naive provider times; default "Asia/Shanghai" for cardopenapi, "UTC" otherwise. */
  timeZone?: string;
  /** cardopenapi: path version, default "v1". Cardepass: the document the account follows, "v1" (default) or "v2". */
  apiVersion?: string;
  /** Per-attempt timeout, default 15 000 ms. */
  timeoutMs?: number;
  /** Upper bound for all attempts of one call including backoff, default 30 000 ms. */
  maxRetryMs?: number;
};

export type ProviderAccountConfig = {
  /** Stable account id, used as token-cache key. */
  id: string;
  provider: ProviderName;
  baseUrl: string;
  credentials: ProviderCredentials;
  settings?: ProviderAccountSettings;
};

// ---- cards -----------------------------------------------------------------------------

export const CARD_STATUSES = [
  "pending", // being created by the provider
  "inactive", // issued, not yet activated
  "active",
  "frozen",
  "cancelling",
  "cancelled",
  "expired",
  "failed", // creation failed (and was refunded)
  "unknown",
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** sharebalance: spends from the shared funding account, with limits. standard/prepaid: own balance. */
export const CARD_MODELS = ["sharebalance", "standard", "prepaid"] as const;
export type CardModel = (typeof CARD_MODELS)[number];

export type CardLimits = {
  perTransaction: Money | null;
  /** Lifetime spend cap; null = unlimited. */
  lifetime: Money | null;
  /** Spent against the lifetime cap so far, when the provider says. */
  used: Money | null;
};

export type Card = {
  provider: ProviderName;
  providerCardId: string;
  /** First 6 + "******" + last 4, or null while the provider has not assigned a number. */
  maskedNumber: string | null;
  last4: string | null;
  status: CardStatus;
  providerStatus: string;
  model: CardModel;
  currency: string;
  balance: Money | null;
  limits: CardLimits | null;
  /** Total ever loaded onto the card (NobePay deposit, cardopenapi limit). */
  totalFunded: Money | null;
  /** Total spent (NobePay consume). */
  totalSpent: Money | null;
  holderName: string | null;
  alias: string | null;
  /** Product code / BIN id / card segment id the card was issued from. */
  productId: string | null;
  brand: string | null;
  expiryMonth: number | null;
  expiryYear: number | null;
  tags: string[];
  /** Caller-supplied reference stored at the provider (NobePay customerId: the owner's id in the organisation). */
  customerRef: string | null;
  /** The provider's cardholder record (cardopenapi holder_id, NobePay cardHolderId). */
  holderId: string | null;
  /** The issuing order's idempotency key, where the provider keeps it on the card (NobePay: a reserved tag). */
  issueOrderRef: string | null;
  createdAt: Date | null;
  /** When the card was activated, where the provider reports it separately (cardopenapi use_at, 激活时间). */
  activatedAt: Date | null;
  /**
   * When the card closed (its cancellation completed), where the provider reports it (cardopenapi end_at, 完成销卡时间);
   * null while it has not, absent from a provider that reports no such time. A card sync stores it as the card's close.
   */
  closedAt?: Date | null;
  /**
   * MONEY: set, to why, when the provider states no currency for the card (Card OPEN-API: its BIN states none). Its
   * amounts are then null and `currency` empty, never a guess: a card sync imports no such card, and one already in
   * Cardhub keeps its own currency and balance while its status is still read.
   */
  currencyUnknown?: string;
};

/** Reveal-only. Never store, log, cache or put in a job payload. */
export type CardSecrets = {
  number: string;
  cvv: string;
  expiryMonth: number;
  expiryYear: number;
};

// ---- products --------------------------------------------------------------------------

export type Product = {
  provider: ProviderName;
  /** Cardepass productCode, NobePay vid, cardopenapi bin_id. */
  productId: string;
  name: string;
  description: string | null;
  bin: string | null;
  models: CardModel[];
  currencies: string[];
  minInitialDeposit: Money | null;
  /** Provider-side balance behind this product, where reported (NobePay per card segment). */
  availableBalance: Money | null;
  /** The fees the provider publishes for the product (cardopenapi BIN list); absent where it publishes none. */
  fees?: PublishedFees;
  /** What could not be read of the product (Card OPEN-API: a BIN's fees), in the adapter's words: the products sync status names it. */
  unread?: string[];
  /** Why the product cannot be issued from (Card OPEN-API: its BIN states no currency): it is not offered, and the products sync status names it. */
  notOffered?: string;
};

/** A published fee: a fixed amount plus a rate on the amount moved, in parts per million (1.5% = 15000). */
export type PublishedFee = { fixed: Money; ratePpm: number };
export type PublishedFees = Partial<Record<"issue" | "topup" | "withdraw" | "cancel", PublishedFee>>;

// ---- orders ----------------------------------------------------------------------------

export const ORDER_TYPES = ["issue", "limits", "topup", "withdraw", "freeze", "unfreeze", "cancel", "activate"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export type OrderStatus = "pending" | "completed" | "failed";

export type Order = {
  provider: ProviderName;
  type: OrderType;
  status: OrderStatus;
  providerStatus: string;
  /** Provider order number, or the card id for providers that track orders through card state. */
  providerOrderId: string | null;
  /** The caller's idempotency key (local order id). */
  customerOrderNo: string | null;
  failureReason: string | null;
  /** Cards created or affected by the order. */
  cardIds: string[];
  /** Principal moved (top-up, withdrawal, initial load). */
  amount: Money | null;
  fee: Money | null;
  /** Principal + fee, as charged to the funding account. */
  total: Money | null;
  createdAt: Date | null;
  completedAt: Date | null;
  /**
   * The zone its times were read in, when the provider writes them as wall-clock times without an offset (Card
   * OPEN-API, in the account's zone): a corrected zone moves them (lib/orders/order-times-in-zone.ts).
   */
  timesReadIn?: string;
  /**
   * Read from the card's state rather than from a record of the request (Card OPEN-API's card actions, NobePay's
   * cancellations): "failed" then says only that the card is not in the action's state, not that the provider refused
   * a request it received.
   */
  fromCardState?: boolean;
};

/** How to find an order again: the same key the mutation was sent with. */
export type OrderRef = {
  type: OrderType;
  customerOrderNo?: string;
  providerOrderId?: string;
  /** Needed by Cardepass (orders live under /sharebalance or /standard). */
  model?: CardModel;
  /** Needed by providers that track mutations through card state (NobePay). */
  cardId?: string;
  /** The order's currency, for answers that name none (a Cardepass withdrawal: "cardId": null, no card or product). */
  currency?: string;
};

// ---- transactions and funding ----------------------------------------------------------

export const TRANSACTION_STATUSES = ["pending", "completed", "declined", "reversed", "expired"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type TransactionKind = "purchase" | "refund" | "reversal" | "fee" | "topup" | "withdraw" | "other";

export type Transaction = {
  provider: ProviderName;
  providerTransactionId: string;
  providerCardId: string | null;
  status: TransactionStatus;
  providerStatus: string;
  kind: TransactionKind;
  providerType: string | null;
  /** Signed from the card's point of view: negative = money out of the card. */
  amount: Money;
  /** Original merchant amount when it differs (e.g. foreign currency). */
  originalAmount: Money | null;
  authAmount: Money | null;
  merchantName: string | null;
  merchantCountry: string | null;
  /** Where the provider gives them (Cardepass v1 merchantCity). */
  merchantCity?: string | null;
  merchantCategory?: string | null;
  description: string | null;
  authCode: string | null;
  failureReason: string | null;
  authorizedAt: Date | null;
  settledAt: Date | null;
  /** Best single time for sorting: settlement, else authorization. */
  occurredAt: Date | null;
  /** The provider's own last-modified time of the record, where it sends one (NobePay gmtModified). */
  providerUpdatedAt?: Date | null;
  /**
   * The provider's word for this decline is also its only word for a hold let go (Cardepass v2 `Failed`): on a row
   * Cardhub already holds as authorised it means the hold was released, not refused (lib/transactions/hold-releases.ts).
   */
  declineMayBeRelease?: boolean;
};

export type FundingBalance = {
  provider: ProviderName;
  /** Account, wallet or card-segment id; the currency when the provider has one account per currency. */
  accountId: string;
  label: string | null;
  currency: string;
  /** null: the provider reports no balance for this source (a NobePay segment whose accountBalance is null). */
  available: Money | null;
  frozen: Money | null;
  total: Money | null;
};

export type AccountLog = {
  provider: ProviderName;
  providerLogId: string;
  providerCardId: string | null;
  providerOrderId: string | null;
  type: string;
  direction: "in" | "out" | null;
  /**
   * Signed for the balance the line moves: positive = into the funding account (its ledger) or into the card (a card's
   * ledger). Cardepass funding-account lines as the provider signs them; its card lines by type (a withdrawal negative).
   */
  amount: Money;
  /** Sum of the fee items, as the provider totals them. */
  fee: Money | null;
  /** Every fee item the provider lists, in its order. */
  feeItems: { type: string; amount: Money }[];
  total: Money | null;
  status: string | null;
  note: string | null;
  occurredAt: Date | null;
  completedAt: Date | null;
  /** The account's running balances after this entry, where the provider states them (Cardepass accountLogs). */
  availableAfter: Money | null;
  blockedAfter: Money | null;
};

// ---- paging and inputs -----------------------------------------------------------------

export type Page<T> = {
  items: T[];
  /** Opaque; pass back as `cursor` to get the next page. null = no more pages. */
  nextCursor: string | null;
  total: number | null;
};

/**
 * A row of a transaction list that could not be read (an amount with more decimals than its currency has, an amount
 * in no stated or known currency, a malformed field): left out of the page instead of failing it, so the rows around it
 * are still stored. `reason` is the adapter's own wording and names no card data.
 */
export type SkippedTransaction = { providerTransactionId: string | null; reason: string };

/** A page of transactions, with the rows of it that were left out unread (none when absent). */
export type TransactionPage = Page<Transaction> & { skipped?: SkippedTransaction[] };

export type ListQuery = { cursor?: string; pageSize?: number };

export type TransactionQuery = ListQuery & {
  cardId?: string;
  /** Calendar dates YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
};

export type CardHolder = {
  firstName: string;
  lastName: string;
  address?: { street: string; city: string; state: string; country: string; zipCode: string };
};

export type IssueCardInput = {
  /** Local order id, the idempotency key: Cardepass customerOrderNo, cardopenapi order_no, a NobePay order tag. */
  customerOrderNo: string;
  /** The card owner's id in the organisation (NobePay customerId, "自定义客户id", example "user_id_123"). */
  ownerRef?: string;
  productId: string;
  model: CardModel;
  currency: string;
  alias?: string;
  /** Standard/prepaid: initial load. */
  initialAmount?: Money;
  /** ShareBalance: per-transaction limit (required there) and lifetime cap (null = unlimited). */
  perTransactionLimit?: Money;
  lifetimeLimit?: Money | null;
  holder?: CardHolder;
  tags?: string[];
};

export type CardMutationInput = {
  customerOrderNo: string;
  cardId: string;
  /** Cardepass needs to know whether the card is ShareBalance or Standard. */
  model?: CardModel;
};

export type AmountMutationInput = CardMutationInput & { amount: Money };

export type HolderAddress = { street: string; city: string; state: string; zipCode: string };
export type HolderAddressInput = { cardId: string; address: HolderAddress };

export type SetLimitsInput = CardMutationInput & {
  perTransaction: Money;
  /** null = unlimited. */
  lifetime: Money | null;
};

/** message: the provider's own words when its ping answers any (Cardepass: "Ping Success"), else null. */
export type PingResult = { ok: true; latencyMs: number; message: string | null };
