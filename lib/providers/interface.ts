import type {
  AccountLog,
  AmountMutationInput,
  Card,
  CardModel,
  CardMutationInput,
  CardSecrets,
  HolderAddressInput,
  FundingBalance,
  IssueCardInput,
  ListQuery,
  Order,
  OrderRef,
  Page,
  PingResult,
  Product,
  ProviderName,
  SetLimitsInput,
  TransactionPage,
  TransactionQuery,
} from "@/lib/providers/types";

export const PROVIDER_OPERATIONS = [
  "ping",
  "listProducts",
  "issueCard",
  "getCard",
  "getCardSecrets",
  "listCards",
  "freeze",
  "unfreeze",
  "cancel",
  "topUp",
  "withdraw",
  "setLimits",
  "getOrder",
  "listTransactions",
  "fundingBalances",
  "accountLogs",
  "activate",
  "updateHolderAddress",
] as const;
export type ProviderOperation = (typeof PROVIDER_OPERATIONS)[number];

/** true = every card model; a list = only cards of those models; false = not offered. */
export type OperationSupport = boolean | readonly CardModel[];

export type ProviderCapabilities = {
  provider: ProviderName;
  operations: Record<ProviderOperation, OperationSupport>;
  cardModels: readonly CardModel[];
  /** Mutations return a pending Order whose outcome is read later with getOrder. */
  asyncOrders: boolean;
  /** The provider de-duplicates mutations by customerOrderNo, so they are safe to retry. */
  idempotentMutations: boolean;
  /** listTransactions needs a cardId (NobePay). */
  transactionsRequireCard: boolean;
  /** accountLogs needs a cardId (NobePay card history). */
  accountLogsRequireCard: boolean;
  transactionPaging: "cursor" | "page";
  /** issueCard needs holder name and address. */
  issueRequiresHolder: boolean;
  /** Per-transaction and lifetime limits can be set (ShareBalance). */
  limits: { perTransaction: boolean; lifetime: boolean };
  /** Transaction webhooks are sent to us. */
  webhooks: boolean;
  /** Some endpoints are inferred from a table of contents, not from a full specification. */
  inferredEndpoints: boolean;
};

export function supports(capabilities: ProviderCapabilities, operation: ProviderOperation, model?: CardModel): boolean {
  const support = capabilities.operations[operation];
  if (typeof support === "boolean") return support;
  return model === undefined ? support.length > 0 : support.includes(model);
}

/**
 * One connected provider account. Every method either resolves with normalized data or rejects
 * with a ProviderError. An operation the provider lacks rejects with code `unsupported`, and
 * `capabilities` says so before anyone calls it.
 *
 * Mutations (issue, freeze, unfreeze, cancel, topUp, withdraw, setLimits) take the caller's
 * `customerOrderNo` (the local provider_orders id). Repeating a call with the same key never
 * creates a second order at providers that support idempotency keys; check
 * `capabilities.idempotentMutations` before retrying on other providers.
 */
export interface CardProvider {
  readonly name: ProviderName;
  readonly accountId: string;
  readonly capabilities: ProviderCapabilities;

  ping(): Promise<PingResult>;
  listProducts(): Promise<Product[]>;

  issueCard(input: IssueCardInput): Promise<Order>;
  getCard(cardId: string): Promise<Card>;
  /** Full number, CVV and expiry. For the reveal flow only. */
  getCardSecrets(cardId: string): Promise<CardSecrets>;
  listCards(query?: ListQuery): Promise<Page<Card>>;

  freeze(input: CardMutationInput): Promise<Order>;
  unfreeze(input: CardMutationInput): Promise<Order>;
  cancel(input: CardMutationInput): Promise<Order>;
  topUp(input: AmountMutationInput): Promise<Order>;
  withdraw(input: AmountMutationInput): Promise<Order>;
  setLimits(input: SetLimitsInput): Promise<Order>;
  getOrder(ref: OrderRef): Promise<Order>;

  /** Activates an issued, not yet activated card (cardopenapi 卡激活). */
  activate(input: CardMutationInput): Promise<Order>;
  /** Corrects the cardholder's address on the provider's record (NobePay card/update). */
  updateHolderAddress(input: HolderAddressInput): Promise<void>;

  /** A row that cannot be read is left out and listed in `skipped`; the page's other rows are returned. */
  listTransactions(query?: TransactionQuery): Promise<TransactionPage>;
  fundingBalances(): Promise<FundingBalance[]>;
  accountLogs(query?: TransactionQuery): Promise<Page<AccountLog>>;
}
