import { formatAmountPlain, type Money } from "@/lib/money";
import { ProviderError, unsupported } from "@/lib/providers/errors";
import { timeZoneOf } from "@/lib/providers/config";
import { consoleLogger, type ApiDeps } from "@/lib/providers/http";
import type { CardProvider, ProviderCapabilities } from "@/lib/providers/interface";
import { dateParam, malformed, textOrNull } from "@/lib/providers/normalize";
import type {
  AccountLog,
  AmountMutationInput,
  Card,
  CardMutationInput,
  CardSecrets,
  FundingBalance,
  IssueCardInput,
  ListQuery,
  Order,
  OrderRef,
  Page,
  PingResult,
  Product,
  ProviderAccountConfig,
  TransactionPage,
  TransactionQuery,
} from "@/lib/providers/types";
import { CardopenapiApi } from "@/lib/providers/cardopenapi/cardopenapi-api";
import { ProviderPageSizes } from "@/lib/providers/cardopenapi/provider-page-size";
import {
  cardActionAnswer,
  cardActionOrder,
  cardCurrencyOf,
  cardsOfTradesWithoutCurrency,
  refusedRepeatOrder,
  toBinCurrencies,
  toCard,
  toCardPage,
  toCardSecrets,
  toFundingBalances,
  toOrder,
  toBinFees,
  toProducts,
  toTransactionPage,
  type CardCurrency,
} from "@/lib/providers/cardopenapi/transform";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";

export const CARDOPENAPI_CAPABILITIES: ProviderCapabilities = {
  provider: "cardopenapi",
  operations: {
    ping: true,
    listProducts: true,
    issueCard: true,
    getCard: true,
    getCardSecrets: true,
    listCards: true,
    freeze: true,
    unfreeze: true,
    cancel: true,
    topUp: true,
    // The table of contents names no withdrawal, limit or wallet-statement endpoint for cards.
    withdraw: false,
    setLimits: false,
    getOrder: true,
    listTransactions: true,
    fundingBalances: true,
    accountLogs: false,
    // 卡激活 is named in the contents (Card → Card → 卡激活 POST); its path is inferred like the others.
    activate: true,
    // 编辑持卡人 is named but not specified, and the card list carries only holder_id.
    updateHolderAddress: false,
  },
  cardModels: ["prepaid"],
  asyncOrders: true,
  // order_no is inferred, not documented: mutations are not assumed safe to repeat.
  idempotentMutations: false,
  transactionsRequireCard: false,
  accountLogsRequireCard: false,
  transactionPaging: "page",
  issueRequiresHolder: false,
  limits: { perTransaction: false, lifetime: false },
  webhooks: false,
  inferredEndpoints: true,
};

const P = "cardopenapi" as const;
type CardActionType = "freeze" | "unfreeze" | "cancel" | "activate";
const invalid = (message: string) => new ProviderError("invalid_request", { provider: P, message });

/** Major-unit JSON number with the exact decimal text of the amount (e.g. 200.5). */
function wireAmount(money: Money, what: string): number {
  if (money.amount <= 0n) throw invalid(`The ${what} must be greater than zero.`);
  const text = formatAmountPlain(money);
  const value = Number(text);
  if (String(value) !== text) throw invalid(`The ${what} ${text} cannot be sent exactly.`);
  return value;
}

export class CardopenapiProvider implements CardProvider {
  readonly name = P;
  readonly capabilities = CARDOPENAPI_CAPABILITIES;
  readonly accountId: string;
  private readonly api: CardopenapiApi;
  private readonly timeZone: string;
  private readonly now: () => number;
  /** Each BIN's stated currency (null: none stated). */
  private binCurrencies: Promise<Map<string, string | null>> | null = null;
  /** Each card's BIN, read from its detail when one of its trades named no currency. A card's BIN never changes. */
  private readonly cardBins = new Map<string, string | null>();
  /** The page size the provider capped each list at, learnt from its answers (see ProviderPageSizes). */
  private readonly pageSizes: ProviderPageSizes;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.accountId = config.id;
    this.api = new CardopenapiApi(config, deps);
    this.timeZone = timeZoneOf(config).timeZone;
    this.now = deps.http?.now ?? (() => Date.now());
    const logger = deps.http?.logger ?? consoleLogger;
    this.pageSizes = new ProviderPageSizes((path, size, asked) =>
      logger.warn({ provider: P, account: config.id, operation: "list", method: "POST", path, attempt: 1, message: `Card OPEN-API capped page_size at ${size} where ${asked} were asked: this list is read ${size} rows a call` }),
    );
  }

  /**
   * MONEY: cards and orders name no currency; their BIN does. A BIN absent from the BIN list, or one that states no
   * currency, gives a card none, with the reason (CardCurrency), never USD: an amount read in a guessed currency is
   * another sum, and the card's trades are refused the same way (tradeCardCurrencies).
   */
  private async currencyOf(): Promise<(binId: string | null) => CardCurrency> {
    const map = await this.binCurrencyMap();
    return (binId) => cardCurrencyOf(map, binId);
  }

  /** A BIN's currency as the BIN list states it; null when the BIN is not listed or states none. */
  private async statedCurrencyOf(): Promise<(binId: string | null) => string | null> {
    const map = await this.binCurrencyMap();
    return (binId) => (binId ? (map.get(binId) ?? null) : null);
  }

  /**
   * The BIN list's currencies, read once. A failed read is not kept: the call that needed it fails with the provider's
   * error and the next call asks again.
   */
  private binCurrencyMap(): Promise<Map<string, string | null>> {
    this.binCurrencies ??= this.api.call("listProducts", EP.binList.path, { page_no: 1, page_size: 500 }).then(toBinCurrencies, (error: unknown) => {
      this.binCurrencies = null;
      throw error;
    });
    return this.binCurrencies;
  }

  /**
   * MONEY: the currency of each card with a trade on this page that states none: its BIN's, as for the card itself, but
   * never a guess. A card the provider does not know, or whose BIN states no currency, has none (null), and its
   * currency-less trades are left out of the page (toTransactionPage) rather than stored in USD.
   */
  private async tradeCardCurrencies(data: unknown): Promise<(cardId: string | null) => string | null> {
    const cardIds = cardsOfTradesWithoutCurrency(data);
    if (cardIds.length === 0) return () => null;
    const currencyOfBin = await this.statedCurrencyOf();
    for (const cardId of cardIds) {
      if (this.cardBins.has(cardId)) continue;
      try {
        const raw = await this.detail(cardId, "listTransactions");
        const binId = typeof raw === "object" && raw !== null ? (raw as { bin_id?: unknown }).bin_id : null;
        this.cardBins.set(cardId, typeof binId === "string" && binId.trim() !== "" ? binId.trim() : null);
      } catch (error) {
        if (!(error instanceof ProviderError && error.code === "not_found")) throw error;
      }
    }
    return (cardId) => currencyOfBin(cardId ? (this.cardBins.get(cardId) ?? null) : null);
  }

  /** The currency of a card's BIN (its detail's bin_id), or why none is known. */
  private async cardCurrency(raw: unknown): Promise<CardCurrency> {
    const binId = typeof raw === "object" && raw !== null ? textOrNull((raw as { bin_id?: unknown }).bin_id) : null;
    return (await this.currencyOf())(binId);
  }

  /** MONEY: an order's currency, its BIN's (bin_id); an order whose BIN states none is not read in a guessed one. */
  private async currencyOfBin(raw: unknown): Promise<string> {
    const known = await this.cardCurrency(raw);
    if (known.currency === null) throw malformed(P, `order: ${known.unknown}, so its amounts are not read`);
    return known.currency;
  }

  async ping(): Promise<PingResult> {
    const started = this.now();
    await this.api.call("ping", EP.cardList.path, { page_no: 1, page_size: 1 });
    return { ok: true, latencyMs: this.now() - started, message: null };
  }

  private async binList(): Promise<Product[]> {
    return toProducts(await this.api.call("listProducts", EP.binList.path, { page_no: 1, page_size: 500 }));
  }

  /**
   * The BIN list, each BIN with the fees its 卡Bin费用 answer publishes, asked one BIN at a time (kinder to the
   * provider's request limits than all at once). A BIN whose fees cannot be read is listed without them, saying why, so
   * it keeps the fees last known (a refresh never erases a fee); after a failure the next BIN would meet too (refused
   * credentials, no answer, a request limit) the rest are not asked. A BIN that states no currency is not asked either.
   */
  async listProducts(): Promise<Product[]> {
    const products: Product[] = [];
    let stoppedBy: ProviderError | null = null;
    for (const bin of await this.binList()) {
      const currency = bin.currencies[0];
      if (bin.notOffered || !currency) {
        products.push(bin);
        continue;
      }
      try {
        if (stoppedBy) throw stoppedBy;
        const fees = toBinFees(await this.api.call("listProducts", EP.binFee.path, { bin_id: bin.productId }), currency);
        products.push(fees ? { ...bin, fees } : bin);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        products.push({ ...bin, unread: [`The fees of Card OPEN-API's BIN ${bin.productId} could not be read, so it keeps the fees last known: ${error.message}`] });
        if (error.code === "auth" || error.code === "unavailable" || error.code === "rate_limited") stoppedBy = error;
      }
    }
    return products;
  }

  private async detail(cardId: string, operation: string): Promise<unknown> {
    if (!cardId) throw invalid("A card id is required.");
    return this.api.call(operation, EP.cardDetail.path, { card_id: cardId });
  }

  async getCard(cardId: string): Promise<Card> {
    const raw = await this.detail(cardId, "getCard");
    return toCard(raw, { timeZone: this.timeZone, ...(await this.cardCurrency(raw)) });
  }

  async getCardSecrets(cardId: string): Promise<CardSecrets> {
    return toCardSecrets(await this.detail(cardId, "getCardSecrets"));
  }

  async listCards(query: ListQuery = {}): Promise<Page<Card>> {
    const pageNo = query.cursor ? Number(query.cursor) : 1;
    if (!Number.isInteger(pageNo) || pageNo < 1) throw invalid("The page cursor is not valid.");
    const asked = { pageNo, pageSize: Math.min(query.pageSize ?? 50, 500) };
    const data = await this.pageSizes.read(EP.cardList.path, "card_list", asked, (pageNo, pageSize) => this.api.call("listCards", EP.cardList.path, { page_no: pageNo, page_size: pageSize }));
    return toCardPage(data, { timeZone: this.timeZone, currencyOf: await this.currencyOf() }, asked);
  }

  async issueCard(input: IssueCardInput): Promise<Order> {
    if (input.model !== "prepaid") throw invalid(`Card OPEN-API issues prepaid cards, not "${input.model}".`);
    if (!input.initialAmount) throw invalid("Card OPEN-API needs an initial amount for a new card.");
    const fields = { bin_id: input.productId, amount: wireAmount(input.initialAmount, "initial amount"), order_no: input.customerOrderNo, ...(input.alias ? { mark: input.alias } : {}) };
    const data = await this.api.call("issueCard", EP.openCard.path, fields, "once");
    return toOrder(data, { timeZone: this.timeZone, currency: input.initialAmount.currency });
  }

  async topUp(input: AmountMutationInput): Promise<Order> {
    const fields = { card_id: input.cardId, amount: wireAmount(input.amount, "top-up amount"), order_no: input.customerOrderNo };
    const data = await this.api.call("topUp", EP.cardRecharge.path, fields, "once");
    return toOrder(data, { timeZone: this.timeZone, currency: input.amount.currency });
  }

  async freeze(input: CardMutationInput): Promise<Order> {
    return this.cardAction("freeze", EP.cardFreeze.path, input);
  }

  async unfreeze(input: CardMutationInput): Promise<Order> {
    return this.cardAction("unfreeze", EP.cardUnfreeze.path, input);
  }

  async cancel(input: CardMutationInput): Promise<Order> {
    return this.cardAction("cancel", EP.cardCancel.path, input);
  }

  /** 卡激活: a status-1 (未激活) card becomes status 2 (已激活). */
  async activate(input: CardMutationInput): Promise<Order> {
    return this.cardAction("activate", EP.cardActive.path, input);
  }

  /**
   * 卡冻结, 卡解冻, 发起销卡 and 卡激活 are sent again after a timeout or a 5xx, so a stolen card's freeze does not wait on
   * a lost answer. The provider refuses a repeat of what the first sending already did (the card is in its new status),
   * so a refused repeat is read against the card: a card in the action's own status code (refusedRepeatOrder) is the
   * first sending's success. Only a sending that may have been carried out counts: one refused with 429 (or a 503 with
   * Retry-After) did nothing, so the repeat is the one sending, and its refusal is the provider's answer, whoever put the
   * card in that status. A first sending lost in a gateway (a 502 that never reached the provider) cannot be told from
   * one whose answer was lost; the card's status before Cardhub sent would tell them apart, but CardMutationInput does
   * not carry it to the adapter.
   */
  private async cardAction(type: CardActionType, path: string, input: CardMutationInput): Promise<Order> {
    const answer = await this.api.send(type, path, { card_id: input.cardId });
    if (!("error" in answer)) return cardActionAnswer(type, answer.data, input.customerOrderNo);
    if (answer.sent > 1) {
      const card = await this.getCard(input.cardId);
      const done = refusedRepeatOrder(type, { card_id: card.providerCardId, status: Number(card.providerStatus) }, input.customerOrderNo);
      if (done) return done;
    }
    throw answer.error;
  }

  /** A card action as the card's state shows it (the document specifies no order for these). */
  private async cardStateOrder(type: CardActionType, cardId: string, customerOrderNo: string): Promise<Order> {
    const card = await this.getCard(cardId);
    return cardActionOrder(type, { card_id: card.providerCardId, status: Number(card.providerStatus) }, customerOrderNo);
  }

  async updateHolderAddress(): Promise<void> {
    throw unsupported(P, "change the cardholder's address", "cardholder editing (编辑持卡人) is named in the contents but not specified.");
  }

  async withdraw(): Promise<Order> {
    throw unsupported(P, "withdraw", "the API lists no card withdrawal.");
  }

  async setLimits(): Promise<Order> {
    throw unsupported(P, "set limits", "the API lists no card limits.");
  }

  async getOrder(ref: OrderRef): Promise<Order> {
    if (ref.type === "issue" || ref.type === "topup") {
      const key = ref.providerOrderId ? { order_id: ref.providerOrderId } : ref.customerOrderNo ? { order_no: ref.customerOrderNo } : null;
      if (!key) throw invalid("An order id or customer order number is required.");
      const raw = await this.api.call("getOrder", EP.orderDetail.path, key);
      return toOrder(raw, { timeZone: this.timeZone, currency: await this.currencyOfBin(raw) });
    }
    if (ref.type === "freeze" || ref.type === "unfreeze" || ref.type === "cancel" || ref.type === "activate") {
      if (!ref.cardId) throw invalid("A card id is required to check this change.");
      return this.cardStateOrder(ref.type, ref.cardId, ref.customerOrderNo ?? "");
    }
    throw unsupported(P, `look up a ${ref.type} order`);
  }

  async listTransactions(query: TransactionQuery = {}): Promise<TransactionPage> {
    const pageNo = query.cursor ? Number(query.cursor) : 1;
    if (!Number.isInteger(pageNo) || pageNo < 1) throw invalid("The page cursor is not valid.");
    const from = dateParam(P, query.from, "from");
    const to = dateParam(P, query.to, "to");
    const asked = { pageNo, pageSize: Math.min(query.pageSize ?? 50, 500) };
    // Calendar dates are the account's local days, and the API takes local wall-clock times.
    const data = await this.pageSizes.read(EP.cardTradeList.path, "trade_list", asked, (pageNo, pageSize) =>
      this.api.call("listTransactions", EP.cardTradeList.path, {
        page_no: pageNo,
        page_size: pageSize,
        ...(query.cardId ? { card_id: query.cardId } : {}),
        ...(from ? { start_time: `${from} 00:00:00` } : {}),
        ...(to ? { end_time: `${to} 23:59:59` } : {}),
      }),
    );
    // cardopenapi.md specifies no trade list (卡交易列表 is only named in the contents), and the card list, the one
    // specified endpoint, names no currency either ("card_list.balance float 是 余额,单位:元"): a trade's currency is
    // the one it states, else its card's (tradeCardCurrencies), else the row is not read.
    return toTransactionPage(data, { timeZone: this.timeZone, currencyOfCard: await this.tradeCardCurrencies(data) }, asked);
  }

  async fundingBalances(): Promise<FundingBalance[]> {
    return toFundingBalances(await this.api.call("fundingBalances", EP.walletList.path));
  }

  async accountLogs(): Promise<Page<AccountLog>> {
    throw unsupported(P, "account statements", "the wallet statement endpoint is named in the contents but not specified.");
  }
}
