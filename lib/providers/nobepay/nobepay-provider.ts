import { ProviderError, unsupported } from "@/lib/providers/errors";
import { timeZoneOf } from "@/lib/providers/config";
import type { ApiDeps } from "@/lib/providers/http";
import type { CardProvider, ProviderCapabilities } from "@/lib/providers/interface";
import { dateParam } from "@/lib/providers/normalize";
import type {
  AccountLog,
  AmountMutationInput,
  Card,
  CardMutationInput,
  CardSecrets,
  FundingBalance,
  HolderAddressInput,
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
import { NobepayApi } from "@/lib/providers/nobepay/nobepay-api";
import { toUsStates, type UsState } from "@/lib/providers/nobepay/transform-states";
import {
  cancelOrderFromCard,
  createBody,
  createOrder,
  issueOrderFromCard,
  orderTag,
  syncOrder,
  toCard,
  toCardOrderPage,
  toCardPage,
  toCardSecrets,
  toCents,
  toFundingBalances,
  toProducts,
  toTransactionPage,
  updateAddressBody,
} from "@/lib/providers/nobepay/transform";

export const NOBEPAY_CAPABILITIES: ProviderCapabilities = {
  provider: "nobepay",
  operations: {
    ping: true,
    listProducts: true,
    issueCard: true,
    getCard: true,
    getCardSecrets: true,
    listCards: true,
    // nobepay.md documents no freeze/unfreeze and no limits.
    freeze: false,
    unfreeze: false,
    cancel: true,
    topUp: true,
    withdraw: true,
    setLimits: false,
    getOrder: true,
    listTransactions: true,
    fundingBalances: true,
    accountLogs: true,
    // Creation ends in ACTIVE on its own (INIT_ACTIVE_CARD → ACTIVE); card/update corrects the holder's address.
    activate: false,
    updateHolderAddress: true,
  },
  cardModels: ["prepaid"],
  asyncOrders: true,
  idempotentMutations: false,
  transactionsRequireCard: true,
  accountLogsRequireCard: true,
  transactionPaging: "page",
  issueRequiresHolder: true,
  limits: { perTransaction: false, lifetime: false },
  webhooks: true,
  inferredEndpoints: false,
};

const P = "nobepay" as const;
const invalid = (message: string) => new ProviderError("invalid_request", { provider: P, message });
const MAX_SCAN_PAGES = 20;

function pageParams(query: ListQuery = {}) {
  const pageNo = query.cursor ? Number(query.cursor) : 1;
  if (!Number.isInteger(pageNo) || pageNo < 1) throw invalid("The page cursor is not valid.");
  return { pageNo, pageSize: Math.min(Math.max(query.pageSize ?? 50, 1), 500) };
}

export class NobepayProvider implements CardProvider {
  readonly name = P;
  readonly capabilities = NOBEPAY_CAPABILITIES;
  readonly accountId: string;
  private readonly api: NobepayApi;
  private readonly timeZone: string;
  private readonly now: () => number;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.accountId = config.id;
    this.api = new NobepayApi(config, deps);
    this.timeZone = timeZoneOf(config).timeZone;
    this.now = deps.http?.now ?? (() => Date.now());
  }

  async ping(): Promise<PingResult> {
    const started = this.now();
    // NobePay has no ping: the cheapest authenticated call proves credentials and reachability.
    await this.api.call({ operation: "ping", method: "GET", path: "/enum/us/states" });
    return { ok: true, latencyMs: this.now() - started, message: null };
  }

  /** The states a cardholder address may use (NobePay-specific: the issue form offers only these). */
  async listUsStates(): Promise<UsState[]> {
    return toUsStates(await this.api.call({ operation: "listUsStates", method: "GET", path: "/enum/us/states" }));
  }

  async listProducts(): Promise<Product[]> {
    return toProducts(await this.api.call({ operation: "listProducts", method: "GET", path: "/card/vd/list" }));
  }

  private info(cardId: string, operation: string): Promise<unknown> {
    if (!cardId) throw invalid("A card id is required.");
    return this.api.call({ operation, method: "GET", path: "/card/info", query: { cardId } });
  }

  async getCard(cardId: string): Promise<Card> {
    return toCard(await this.info(cardId, "getCard"), this.timeZone);
  }

  async getCardSecrets(cardId: string): Promise<CardSecrets> {
    return toCardSecrets(await this.info(cardId, "getCardSecrets"));
  }

  async listCards(query?: ListQuery): Promise<Page<Card>> {
    const asked = pageParams(query);
    const data = await this.api.call({ operation: "listCards", method: "GET", path: "/card/list", query: asked });
    return toCardPage(data, this.timeZone, asked);
  }

  /** Creation is asynchronous and not idempotent at NobePay: never repeated after a timeout. */
  async issueCard(input: IssueCardInput): Promise<Order> {
    if (input.model !== "prepaid") throw invalid(`NobePay issues prepaid cards, not "${input.model}".`);
    const data = await this.api.call({ operation: "issueCard", method: "POST", path: "/card/create", json: createBody(input), retry: "once" });
    return createOrder(data, input.customerOrderNo, this.timeZone);
  }

  async freeze(): Promise<Order> {
    throw unsupported(P, "freeze", "the NobePay API documents no freeze endpoint.");
  }

  async unfreeze(): Promise<Order> {
    throw unsupported(P, "unfreeze", "the NobePay API documents no unfreeze endpoint.");
  }

  async setLimits(): Promise<Order> {
    throw unsupported(P, "set limits", "NobePay cards are prepaid balances without limits.");
  }

  async activate(): Promise<Order> {
    throw unsupported(P, "activate a card", "NobePay activates every card itself while creating it (INIT_ACTIVE_CARD → ACTIVE).");
  }

  /**
   * nobepay.md 更新虚拟卡 (POST card/update): cardId, cardHolder.address {street, city, state, zipCode}, cardSeqNo
   * optional; answers `data: true|false`.
   */
  async updateHolderAddress(input: HolderAddressInput): Promise<void> {
    const json = updateAddressBody(input);
    const data = await this.api.call({ operation: "updateHolderAddress", method: "POST", path: "/card/update", json });
    if (data !== true) throw new ProviderError("unknown", { provider: P, message: "NobePay did not confirm the address change." });
  }

  async cancel(input: CardMutationInput): Promise<Order> {
    // cardSeqNo is required by card/cancel; only card/info has it.
    const card = await this.info(input.cardId, "cancel");
    const seq = (card as { card?: { cardSeqNo?: unknown } } | null)?.card?.cardSeqNo;
    if (typeof seq !== "string" || !seq) throw invalid("NobePay did not return the card's sequence number.");
    const data = await this.api.call({ operation: "cancel", method: "POST", path: "/card/cancel", json: { cardId: input.cardId, cardSeqNo: seq } });
    return syncOrder("cancel", data, input);
  }

  async topUp(input: AmountMutationInput): Promise<Order> {
    const json = { cardId: input.cardId, amount: toCents(input.amount, "top-up amount"), payCurrency: "USD" };
    const data = await this.api.call({ operation: "topUp", method: "POST", path: "/card/deposit", json, retry: "once" });
    return syncOrder("topup", data, input);
  }

  async withdraw(input: AmountMutationInput): Promise<Order> {
    const json = { cardId: input.cardId, amount: toCents(input.amount, "withdrawal amount") };
    const data = await this.api.call({ operation: "withdraw", method: "POST", path: "/card/withdraw", json, retry: "once" });
    return syncOrder("withdraw", data, input);
  }

  /**
   * NobePay has no order lookup. Issue and cancel are read from the card's status (the card id, or the card carrying
   * the order tag we sent); top-up and withdraw are synchronous.
   */
  async getOrder(ref: OrderRef): Promise<Order> {
    const cardId = ref.cardId ?? ref.providerOrderId;
    if (ref.type === "issue") {
      if (cardId) return issueOrderFromCard(await this.getCard(cardId), ref.customerOrderNo ?? null);
      if (!ref.customerOrderNo) throw invalid("A card id or customer order number is required.");
      return this.issueOrderByTag(ref.customerOrderNo);
    }
    if (ref.type === "cancel") {
      if (!cardId) throw invalid("A card id is required to check a cancellation.");
      return cancelOrderFromCard(await this.getCard(cardId), ref.customerOrderNo ?? null);
    }
    throw unsupported(P, `look up a ${ref.type} order`, "NobePay confirms it in the original answer and keeps no order to look up; check the card's history.");
  }

  /**
   * nobepay.md 获取卡片列表 filters by tag ("| tagName | 否 | string | 卡标签 |"). Only that list read to its end without
   * the card says NobePay never created it; a list that does not end within the pages read says nothing.
   */
  private async issueOrderByTag(customerOrderNo: string): Promise<Order> {
    for (let pageNo = 1; pageNo <= MAX_SCAN_PAGES; pageNo++) {
      const asked = { pageNo, pageSize: 100 };
      const data = await this.api.call({ operation: "getOrder", method: "GET", path: "/card/list", query: { ...asked, tagName: orderTag(customerOrderNo) } });
      const page = toCardPage(data, this.timeZone, asked);
      const card = page.items.find((c) => c.issueOrderRef === customerOrderNo);
      if (card) return issueOrderFromCard(card, customerOrderNo);
      if (!page.nextCursor) throw new ProviderError("not_found", { provider: P, recordAbsent: true, message: "NobePay has no card created with this customer order number." });
    }
    throw new ProviderError("unknown", { provider: P, message: `NobePay's card list for this order's tag did not end within ${MAX_SCAN_PAGES} pages, so whether the card was created is not known yet.` });
  }

  private filterByDate<T extends { occurredAt: Date | null }>(items: T[], query: TransactionQuery): T[] {
    const from = dateParam(P, query.from, "from");
    const to = dateParam(P, query.to, "to");
    if (!from && !to) return items;
    const lo = from ? Date.parse(`${from}T00:00:00Z`) : -Infinity;
    const hi = to ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 : Infinity;
    return items.filter((i) => i.occurredAt === null || (i.occurredAt.getTime() >= lo && i.occurredAt.getTime() < hi));
  }

  async listTransactions(query: TransactionQuery = {}): Promise<TransactionPage> {
    if (!query.cardId) throw invalid("NobePay lists transactions one card at a time: a card id is required.");
    const asked = pageParams(query);
    const data = await this.api.call({
      operation: "listTransactions",
      method: "GET",
      path: "/card/transaction/list",
      query: { cardId: query.cardId, ...asked },
    });
    const page = toTransactionPage(data, this.timeZone, asked);
    return { ...page, items: this.filterByDate(page.items, query) };
  }

  async fundingBalances(): Promise<FundingBalance[]> {
    return toFundingBalances(await this.api.call({ operation: "fundingBalances", method: "GET", path: "/card/vd/list" }));
  }

  async accountLogs(query: TransactionQuery = {}): Promise<Page<AccountLog>> {
    if (!query.cardId) throw invalid("NobePay keeps history per card: a card id is required.");
    const asked = pageParams(query);
    const data = await this.api.call({ operation: "accountLogs", method: "GET", path: "/card/order/list", query: { cardId: query.cardId, ...asked } });
    const page = toCardOrderPage(data, this.timeZone, asked);
    return { ...page, items: this.filterByDate(page.items, query) };
  }
}
