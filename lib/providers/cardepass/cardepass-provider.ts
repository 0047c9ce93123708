import { formatAmountPlain, type Money } from "@/lib/money";
import { ProviderError, scrubbedProviderText, unsupported } from "@/lib/providers/errors";
import { timeZoneOf } from "@/lib/providers/config";
import { dateParam } from "@/lib/providers/normalize";
import type { CardProvider, ProviderCapabilities } from "@/lib/providers/interface";
import type {
  AccountLog,
  AmountMutationInput,
  Card,
  CardModel,
  CardMutationInput,
  CardSecrets,
  FundingBalance,
  IssueCardInput,
  Order,
  OrderRef,
  OrderType,
  Page,
  PingResult,
  Product,
  ProviderAccountConfig,
  SetLimitsInput,
  TransactionPage,
  TransactionQuery,
} from "@/lib/providers/types";
import { CardepassApi, type ApiDeps } from "@/lib/providers/cardepass/cardepass-api";
import { cardepassDocumentVersion, type CardepassDocumentVersion } from "@/lib/providers/cardepass/document-version";
import {
  applyBody,
  toAccountLogPage,
  toCard,
  toCardSecrets,
  toFundingBalances,
  toOrder,
  toProducts,
  toTransactionPage,
  toWireModel,
  toWireOrderType,
  topUpBody,
} from "@/lib/providers/cardepass/transform";

export const CARDEPASS_CAPABILITIES: ProviderCapabilities = {
  provider: "cardepass",
  operations: {
    ping: true,
    listProducts: true,
    issueCard: true,
    getCard: true,
    getCardSecrets: true,
    // Neither document has a card list endpoint: cards are known from the orders that created them.
    listCards: false,
    freeze: true,
    unfreeze: true,
    cancel: true,
    topUp: ["standard"],
    withdraw: ["standard"],
    setLimits: ["sharebalance"],
    getOrder: true,
    listTransactions: true,
    fundingBalances: true,
    accountLogs: true,
    // Neither document has an activation or a cardholder endpoint: cards are active once the apply order completes.
    activate: false,
    updateHolderAddress: false,
  },
  cardModels: ["sharebalance", "standard"],
  asyncOrders: true,
  idempotentMutations: true,
  transactionsRequireCard: false,
  accountLogsRequireCard: false,
  transactionPaging: "cursor",
  issueRequiresHolder: false,
  limits: { perTransaction: true, lifetime: true },
  webhooks: false,
  inferredEndpoints: false,
};

const invalid = (message: string) => new ProviderError("invalid_request", { provider: "cardepass", message });

function checkAmount(amount: Money, what: string): Money {
  if (amount.amount <= 0n) throw invalid(`The ${what} must be greater than zero.`);
  return amount;
}

/**
 * The cardepass-v2.md detail has no card number, CVV or expiry: such an account cannot reveal. Its orders sections
 * define only apply, creditLimit and standard topup (and the order queries); block, unblock, cancel and withdraw have
 * no section there, so they are sent as cardepass-v1.md defines them: inferred.
 */
export const CARDEPASS_V2_CAPABILITIES: ProviderCapabilities = {
  ...CARDEPASS_CAPABILITIES,
  operations: { ...CARDEPASS_CAPABILITIES.operations, getCardSecrets: false },
  inferredEndpoints: true,
};

export { cardepassDocumentVersion, type CardepassDocumentVersion } from "@/lib/providers/cardepass/document-version";

export class CardepassProvider implements CardProvider {
  readonly name = "cardepass" as const;
  readonly capabilities: ProviderCapabilities;
  readonly accountId: string;
  readonly documentVersion: CardepassDocumentVersion;
  private readonly api: CardepassApi;
  private readonly timeZone: string;
  private readonly now: () => number;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.accountId = config.id;
    this.api = new CardepassApi(config, deps);
    this.timeZone = timeZoneOf(config).timeZone;
    this.now = deps.http?.now ?? (() => Date.now());
    this.documentVersion = cardepassDocumentVersion(config);
    this.capabilities = this.documentVersion === "v2" ? CARDEPASS_V2_CAPABILITIES : CARDEPASS_CAPABILITIES;
  }

  /**
   * Which document this account's answers follow, read from GET /v1/accounts: v1 answers an array of
   * {currency, amount}, v2 one object with availableBalance/frozenBalance.
   */
  async detectDocumentVersion(): Promise<CardepassDocumentVersion> {
    const { envelope } = await this.api.call({ operation: "detectVersion", method: "GET", path: "/v1/accounts" });
    return Array.isArray(envelope.data) ? "v1" : "v2";
  }

  async ping(): Promise<PingResult> {
    const started = this.now();
    const { raw } = await this.api.call({ operation: "ping", method: "GET", path: "/v1/ping" });
    // SECURITY: the reply reaches the admin's browser; a gateway's echo may quote the token or secret just sent.
    return { ok: true, latencyMs: this.now() - started, message: typeof raw === "string" ? scrubbedProviderText(raw) : null };
  }

  async listProducts(): Promise<Product[]> {
    const { envelope } = await this.api.call({ operation: "listProducts", method: "GET", path: "/v1/products" });
    return toProducts(envelope.data);
  }

  private async detail(cardId: string, operation: string): Promise<unknown> {
    if (!cardId) throw invalid("A card id is required.");
    const path = `/v1/cards/${encodeURIComponent(cardId)}`;
    return (await this.api.call({ operation, method: "GET", path })).envelope.data;
  }

  async getCard(cardId: string): Promise<Card> {
    return toCard(await this.detail(cardId, "getCard"), this.timeZone, this.documentVersion);
  }

  async getCardSecrets(cardId: string): Promise<CardSecrets> {
    if (this.documentVersion === "v2") {
      throw unsupported("cardepass", "reveal card details", "this account follows the v2 document, whose card detail carries no card number, CVV or expiry.");
    }
    return toCardSecrets(await this.detail(cardId, "getCardSecrets"));
  }

  async listCards(): Promise<Page<Card>> {
    throw unsupported("cardepass", "list cards", "the API has no card list; cards are known from their issue orders.");
  }

  /**
   * Every mutation is an order keyed by the caller's customerOrderNo. A retry with the same key
   * either returns the original order or DUPLICATE_ORDER, in which case we read the original back.
   */
  private async order(type: OrderType, model: CardModel, action: string, body: Record<string, string | number>, currency?: string): Promise<Order> {
    if (!body.customerOrderNo) throw invalid("Every Cardepass order needs a customer order number.");
    const path = `/v1/orders/${toWireModel(model)}/${action}`;
    try {
      const { envelope } = await this.api.call({ operation: `order:${action}`, method: "POST", path, json: body, retry: "idempotent" });
      const order = toOrder(envelope.data, { type, currency, timeZone: this.timeZone });
      // Some answers (cancel) omit customerOrderNo; it is the key we just sent.
      return { ...order, customerOrderNo: order.customerOrderNo ?? String(body.customerOrderNo) };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.code !== "duplicate") throw error;
      const existing = await this.getOrder({ type, model, customerOrderNo: String(body.customerOrderNo), currency }).catch(() => null);
      if (existing) return existing;
      throw error;
    }
  }

  private async modelOf(input: CardMutationInput): Promise<CardModel> {
    return input.model ?? (await this.getCard(input.cardId)).model;
  }

  async issueCard(input: IssueCardInput): Promise<Order> {
    if (input.model !== "sharebalance" && input.model !== "standard") {
      throw invalid(`Cardepass issues ShareBalance or Standard cards, not "${input.model}".`);
    }
    for (const m of [input.initialAmount, input.perTransactionLimit, input.lifetimeLimit]) {
      if (m && m.currency !== input.currency.toUpperCase()) throw invalid(`Amounts must be in the card currency ${input.currency}.`);
    }
    return this.order("issue", input.model, "apply", applyBody(this.documentVersion, input), input.currency.toUpperCase());
  }

  private cardBody(input: CardMutationInput): { cardId: string; customerOrderNo: string } {
    if (!input.cardId) throw invalid("A card id is required.");
    return { cardId: input.cardId, customerOrderNo: input.customerOrderNo };
  }

  async freeze(input: CardMutationInput): Promise<Order> {
    return this.order("freeze", await this.modelOf(input), "block", this.cardBody(input));
  }

  async unfreeze(input: CardMutationInput): Promise<Order> {
    return this.order("unfreeze", await this.modelOf(input), "unblock", this.cardBody(input));
  }

  async cancel(input: CardMutationInput): Promise<Order> {
    return this.order("cancel", await this.modelOf(input), "cancel", this.cardBody(input));
  }

  async topUp(input: AmountMutationInput): Promise<Order> {
    if ((await this.modelOf(input)) !== "standard") throw unsupported("cardepass", "top up", "only Standard cards hold their own balance.");
    const body = topUpBody(this.documentVersion, this.cardBody(input), checkAmount(input.amount, "top-up amount"));
    return this.order("topup", "standard", "topup", body, input.amount.currency);
  }

  async withdraw(input: AmountMutationInput): Promise<Order> {
    if ((await this.modelOf(input)) !== "standard") throw unsupported("cardepass", "withdraw", "only Standard cards hold their own balance.");
    const body = { ...this.cardBody(input), withdrawAmount: formatAmountPlain(checkAmount(input.amount, "withdrawal amount")) };
    return this.order("withdraw", "standard", "withdraw", body, input.amount.currency);
  }

  async setLimits(input: SetLimitsInput): Promise<Order> {
    if ((await this.modelOf(input)) !== "sharebalance") throw unsupported("cardepass", "set limits", "only ShareBalance cards have limits.");
    const body = {
      ...this.cardBody(input),
      maxAuthAmount: formatAmountPlain(checkAmount(input.perTransaction, "per-transaction limit")),
      maxCreditAmount: input.lifetime ? formatAmountPlain(input.lifetime) : "",
    };
    return this.order("limits", "sharebalance", "creditLimit", body, input.perTransaction.currency);
  }

  async activate(): Promise<Order> {
    throw unsupported("cardepass", "activate a card", "cards are active as soon as their apply order completes.");
  }

  async updateHolderAddress(): Promise<void> {
    throw unsupported("cardepass", "change the cardholder's address", "the API keeps no cardholder details.");
  }

  async getOrder(ref: OrderRef): Promise<Order> {
    if (!ref.customerOrderNo && !ref.providerOrderId) throw invalid("An order number or customer order number is required.");
    const models: CardModel[] = ref.model
      ? [ref.model]
      : ref.cardId
        ? [(await this.getCard(ref.cardId)).model]
        : ["sharebalance", "standard"];
    let lastError: unknown;
    for (const model of models) {
      try {
        const { envelope } = await this.api.call({
          operation: "getOrder",
          method: "GET",
          path: `/v1/orders/${toWireModel(model)}`,
          query: { OrderType: toWireOrderType(ref.type), OrderNo: ref.providerOrderId, CustomerOrderNo: ref.customerOrderNo },
        });
        return toOrder(envelope.data, { type: ref.type, currency: ref.currency, model, timeZone: this.timeZone });
      } catch (error) {
        lastError = error;
        if (!(error instanceof ProviderError) || error.code !== "not_found") throw error;
      }
    }
    throw lastError;
  }

  async listTransactions(query: TransactionQuery = {}): Promise<TransactionPage> {
    const { envelope } = await this.api.call({
      operation: "listTransactions",
      method: "GET",
      path: "/v1/transactions",
      query: {
        CardId: query.cardId,
        TransactionDateFrom: dateParam("cardepass", query.from, "from"),
        TransactionDateTo: dateParam("cardepass", query.to, "to"),
        PageSize: query.pageSize ?? 50,
        PageCursor: query.cursor,
      },
    });
    return toTransactionPage(envelope, { requestedCursor: query.cursor, timeZone: this.timeZone });
  }

  async fundingBalances(): Promise<FundingBalance[]> {
    const { envelope } = await this.api.call({ operation: "fundingBalances", method: "GET", path: "/v1/accounts" });
    return toFundingBalances(envelope.data);
  }

  async accountLogs(query: TransactionQuery = {}): Promise<Page<AccountLog>> {
    const limit = query.pageSize ?? 50;
    const offset = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalid("The page cursor is not valid.");
    if (this.documentVersion === "v2" && query.cardId) return this.cardLogPages(query, limit, offset);
    // Both documents page the funding account's ledger, and v1 the card's, with Limit/Offset only (cardepass-v1.md and
    // cardepass-v2.md "GET /v1/accounts/accountLogs": "| Limit |", "| Offset |"); no table lists PageNumber there.
    const { envelope } = await this.api.call({
      operation: "accountLogs",
      method: "GET",
      path: query.cardId ? "/v1/accounts/cardAccountLogs" : "/v1/accounts/accountLogs",
      query: {
        CardId: query.cardId,
        TransactionDateFrom: dateParam("cardepass", query.from, "from"),
        TransactionDateTo: dateParam("cardepass", query.to, "to"),
        Limit: limit,
        Offset: offset,
      },
    });
    return toAccountLogPage(envelope.data, { offset, limit, timeZone: this.timeZone });
  }

  /**
   * cardepass-v2.md's cardAccountLogs takes "| PageNumber | … | 分页页码，从1开始 |" and "| PageSize |" only (Limit/Offset
   * are accountLogs' parameters). The cursor stays a count of lines read, and every cursor this gives is a page boundary
   * of `limit`, the next page's first line, even after a short page. One that is not (a walk resumed with another page
   * size, or a cursor from before) is realigned: its page is read again and the lines before the cursor, already read,
   * are left out, so no line is skipped or read twice. A short page while more remain is refused.
   */
  private async cardLogPages(query: TransactionQuery, limit: number, offset: number): Promise<Page<AccountLog>> {
    const start = offset - (offset % limit);
    const { envelope } = await this.api.call({
      operation: "accountLogs",
      method: "GET",
      path: "/v1/accounts/cardAccountLogs",
      query: {
        CardId: query.cardId,
        TransactionDateFrom: dateParam("cardepass", query.from, "from"),
        TransactionDateTo: dateParam("cardepass", query.to, "to"),
        PageNumber: start / limit + 1,
        PageSize: limit,
      },
    });
    const page = toAccountLogPage(envelope.data, { offset: start, limit, timeZone: this.timeZone, byPage: true });
    // MONEY: a short page while totalRecords says more remain (a provider capping PageSize) would leave the rest of
    // that page unread, and every page number after it off by the difference: refused, never walked past.
    if (page.nextCursor && page.items.length < limit) {
      throw new ProviderError("unknown", {
        provider: "cardepass",
        message: `Cardepass answered ${page.items.length} ledger lines for a page of ${limit} while more remain; Cardhub does not guess which lines it left out.`,
      });
    }
    if (start === offset) return page;
    const items = page.items.slice(offset - start);
    // Nothing after the cursor on its page: the next page, so a walk is not ended by a page left empty here.
    if (items.length === 0 && page.nextCursor) return this.cardLogPages(query, limit, start + limit);
    return { ...page, items };
  }
}
