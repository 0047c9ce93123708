import { activeCards, activityStep, ledgerOf, purchaseAt, type ActivityGenerator } from "./activity";
import { backfillActivity, MAX_BACKFILL_DAYS } from "./backfill";
import { spendableMinor } from "./cardepass/views";
import type { SandboxContext } from "./context";
import { isProvider, PROVIDERS, type ProviderName } from "./faults";
import { LedgerError, type SandboxTxn } from "./ledger";
import { json, parseJsonObject, type ParsedRequest, type WireResponse } from "./lib/http";
import { maskCardNumber } from "./lib/luhn";
import { currencyExponent, formatMajor, parseMajor } from "./lib/money";
import { isSupportedCurrency, merchantByName } from "./merchants";
import { CARD_STATUS as COA_CARD_STATUS } from "./cardopenapi/inferred-endpoints";
import { setCardStatus as setCoCardStatus } from "./cardopenapi/state";
import { nbBalance, STATUS_TEXT as NB_STATUS_TEXT } from "./nobepay/state";
import { isNobepayTransactionOrder, NOBEPAY_TRANSACTION_ORDERS } from "./nobepay/transaction-order";

export interface CardSecret {
  provider: ProviderName;
  cardId: string;
  cardNumber: string;
  cvv: string;
  pin: string | null;
}

export interface AdminDeps {
  ctx: SandboxContext;
  activity: ActivityGenerator;
  /** Secrets of cards issued before the last reset, keyed by card number. */
  retiredSecrets: Map<string, CardSecret>;
  reset(): void;
}

const bad = (message: string, field?: string) => json(400, { error: message, ...(field ? { field } : {}) });

export function txnSummary(txn: SandboxTxn) {
  return {
    id: txn.id,
    provider: txn.provider,
    cardId: txn.cardId,
    kind: txn.kind,
    status: txn.status,
    approved: txn.status !== "declined",
    declineReason: txn.declineReason,
    amount: formatMajor(txn.originalAmountMinor, currencyExponent(txn.originalCurrency)),
    currency: txn.originalCurrency,
    cardAmount: formatMajor(txn.amountMinor),
    cardCurrency: txn.currency,
    settledAmount: txn.settledAmountMinor === null ? null : formatMajor(txn.settledAmountMinor),
    merchant: txn.merchant.name,
    country: txn.merchant.country,
    authCode: txn.authCode,
    refundOf: txn.refundOf,
    authAt: txn.authAt.toISOString(),
  };
}

function findTxn(ctx: SandboxContext, id: string): SandboxTxn | undefined {
  for (const p of PROVIDERS) {
    const txn = ledgerOf(ctx, p).find(id);
    if (txn) return txn;
  }
  return undefined;
}

function cardExists(ctx: SandboxContext, provider: ProviderName, cardId: string): boolean {
  return (ctx[provider].cards as { cardId: string }[]).some((c) => c.cardId === cardId);
}

/** Admin API under /_sandbox (never subject to faults). */
export function handleAdmin(deps: AdminDeps, req: ParsedRequest): WireResponse {
  const { ctx } = deps;
  const { method, path } = req;
  const body = method === "GET" || method === "DELETE" ? {} : parseJsonObject(req.rawBody);
  if (!body) return bad("body must be a JSON object");

  if (method === "POST" && path === "/reset") {
    deps.reset();
    return json(200, { ok: true });
  }
  if (path === "/faults") {
    if (method === "GET") return json(200, ctx.faults.snapshot());
    if (method === "DELETE") {
      const provider = req.query.get("provider");
      if (provider && !isProvider(provider)) return bad("unknown provider", "provider");
      ctx.faults.clear(provider && isProvider(provider) ? provider : undefined);
      return json(200, ctx.faults.snapshot());
    }
    if (method === "POST") {
      const targets = body.provider === undefined ? [...PROVIDERS] : isProvider(body.provider) ? [body.provider] : null;
      if (!targets) return bad("provider must be cardepass, nobepay or cardopenapi", "provider");
      for (const p of targets) {
        const error = ctx.faults.set(p, body);
        if (error) return bad(error, error.split(" ")[0]);
      }
      return json(200, ctx.faults.snapshot());
    }
  }
  if (method === "POST" && path === "/purchase") return purchase(ctx, body);
  if (method === "POST" && path === "/funding") return setFunding(ctx, body);

  const cardPath = /^\/cards\/([^/]+)\/([^/]+)$/.exec(path);
  if (method === "DELETE" && cardPath) {
    const provider = decodeURIComponent(cardPath[1] ?? "");
    const cardId = decodeURIComponent(cardPath[2] ?? "");
    if (!isProvider(provider)) return bad("unknown provider", "provider");
    if (!cardExists(ctx, provider, cardId)) return json(404, { error: "card not found", field: "cardId" });
    forgetCard(ctx, provider, cardId);
    return json(200, { ok: true, provider, cardId });
  }

  const statusPath = /^\/cards\/([^/]+)\/([^/]+)\/status$/.exec(path);
  if (method === "POST" && statusPath) {
    const provider = decodeURIComponent(statusPath[1] ?? "");
    const cardId = decodeURIComponent(statusPath[2] ?? "");
    if (!isProvider(provider)) return bad("unknown provider", "provider");
    if (!cardExists(ctx, provider, cardId)) return json(404, { error: "card not found", field: "cardId" });
    if (!(CARD_STATES[provider] as readonly unknown[]).includes(body.status)) return bad(`status must be one of ${CARD_STATES[provider].join(", ")}`, "status");
    const card = (ctx[provider].cards as { cardId: string; status: unknown }[]).find((candidate) => candidate.cardId === cardId)!;
    if (provider === "cardopenapi") setCoCardStatus(ctx.cardopenapi.cards.find((candidate) => candidate.cardId === cardId)!, body.status as number);
    else card.status = body.status;
    return json(200, { ok: true, provider, cardId, status: card.status });
  }

  const txnAction = /^\/transactions\/([^/]+)\/(settle|reverse|expire|refund)$/.exec(path);
  if (method === "POST" && txnAction) {
    const txn = findTxn(ctx, decodeURIComponent(txnAction[1] ?? ""));
    if (!txn) return json(404, { error: "transaction not found" });
    const amount = body.amount === undefined ? undefined : parseMajor(body.amount);
    if (amount === null) return bad("amount must be a decimal string", "amount");
    try {
      const ledger = ledgerOf(ctx, txn.provider);
      const action = txnAction[2];
      const result =
        action === "settle" ? ledger.settle(txn.id, amount) : action === "reverse" ? ledger.reverse(txn.id) : action === "expire" ? ledger.expire(txn.id) : ledger.refund(txn.id, amount);
      return json(200, txnSummary(result));
    } catch (e) {
      if (e instanceof LedgerError) return json(409, { error: e.message });
      throw e;
    }
  }

  if (method === "POST" && path === "/webhook-target") {
    if (body.url !== null && (typeof body.url !== "string" || !/^https?:\/\//.test(body.url))) return bad("url must be an http(s) URL or null", "url");
    ctx.webhooks.url = body.url;
    return json(200, { url: ctx.webhooks.url });
  }
  if (method === "POST" && path === "/nobepay/transaction-order") {
    if (!isNobepayTransactionOrder(body.order)) return bad(`order must be ${NOBEPAY_TRANSACTION_ORDERS.join(" or ")}`, "order");
    ctx.nobepayTransactionOrder = body.order;
    return json(200, { order: ctx.nobepayTransactionOrder });
  }
  if (method === "GET" && path === "/webhooks") return json(200, { url: ctx.webhooks.url, deliveries: ctx.webhooks.deliveries });
  if (method === "GET" && path === "/state") return json(200, stateSummary(ctx, deps.activity));
  if (method === "GET" && path === "/card-secrets") return json(200, { cards: allCardSecrets(ctx, deps.retiredSecrets) });
  if (method === "POST" && path === "/activity") {
    if (typeof body.intervalMs !== "number" || body.intervalMs < 0) return bad("intervalMs must be a non-negative number", "intervalMs");
    deps.activity.start(body.intervalMs);
    return json(200, { intervalMs: deps.activity.intervalMs });
  }
  if (method === "POST" && path === "/activity/step") {
    const count = body.count === undefined ? 1 : Number(body.count);
    if (!Number.isInteger(count) || count < 1 || count > 1000) return bad("count must be 1..1000", "count");
    return json(200, { steps: Array.from({ length: count }, () => activityStep(ctx)) });
  }
  if (method === "POST" && path === "/activity/backfill") {
    const days = body.days === undefined ? 60 : body.days;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_BACKFILL_DAYS) return bad(`days must be an integer 1..${MAX_BACKFILL_DAYS}`, "days");
    return json(200, backfillActivity(ctx, days));
  }
  return json(404, { error: "unknown admin endpoint" });
}

function purchase(ctx: SandboxContext, body: Record<string, unknown>): WireResponse {
  if (!isProvider(body.provider)) return bad("provider must be cardepass, nobepay or cardopenapi", "provider");
  if (typeof body.cardId !== "string" || !cardExists(ctx, body.provider, body.cardId)) return json(404, { error: "card not found", field: "cardId" });
  const currency = typeof body.currency === "string" ? body.currency.toUpperCase() : "USD";
  if (!isSupportedCurrency(currency)) return bad("unsupported currency", "currency");
  const amount = parseMajor(body.amount, currencyExponent(currency));
  if (amount === null || amount <= 0) return bad('amount must be a positive decimal string like "12.34"', "amount");
  if (typeof body.merchant !== "string" || !body.merchant.trim()) return bad("merchant is required", "merchant");
  const country = typeof body.country === "string" ? body.country.toUpperCase() : undefined;
  const merchant = { ...merchantByName(body.merchant, country), currency };
  const txn = purchaseAt(ctx, body.provider, body.cardId, merchant, amount);
  if (body.settle === true && txn.status === "pending") ledgerOf(ctx, body.provider).settle(txn.id);
  return json(200, txnSummary(txn));
}

/**
 * Sets a funding balance directly (tests of low-balance alerts): the Cardepass funding account's available amount, a
 * NobePay segment's balance (`vid`), or the cardopenapi wallet. Nothing is booked in any ledger or account log.
 */
function setFunding(ctx: SandboxContext, body: Record<string, unknown>): WireResponse {
  if (!isProvider(body.provider)) return bad("provider must be cardepass, nobepay or cardopenapi", "provider");
  const amount = parseMajor(body.available);
  if (amount === null || amount < 0) return bad('available must be a non-negative decimal string like "12.34"', "available");
  if (body.provider === "cardepass") ctx.cardepass.funding.availableMinor = amount;
  else if (body.provider === "cardopenapi") ctx.cardopenapi.wallet.balanceMinor = amount;
  else {
    const segment = ctx.nobepay.segments.find((candidate) => candidate.vid === body.vid);
    if (!segment) return json(404, { error: "segment not found", field: "vid" });
    segment.balanceCents = amount;
  }
  return json(200, { ok: true });
}

/**
 * The card states POST /_sandbox/cards/{provider}/{cardId}/status accepts, as each provider's state holds them: what the
 * provider would report if its support changed the card (expired it, or shows a cancelled card open again).
 */
const CARD_STATES: Record<ProviderName, readonly (string | number)[]> = {
  cardepass: ["active", "blocked", "cancelled", "expired"],
  nobepay: Object.keys(NB_STATUS_TEXT),
  cardopenapi: Object.values(COA_CARD_STATUS),
};

/** The provider forgets a card entirely (as if deleted on its side): every later call about it answers "not found". */
function forgetCard(ctx: SandboxContext, provider: ProviderName, cardId: string): void {
  const cards = ctx[provider].cards as { cardId: string }[];
  const index = cards.findIndex((card) => card.cardId === cardId);
  if (index >= 0) cards.splice(index, 1);
}

function stateSummary(ctx: SandboxContext, activity: ActivityGenerator) {
  const f = ctx.cardepass.funding;
  return {
    config: { ...ctx.config },
    activityIntervalMs: activity.intervalMs,
    webhookUrl: ctx.webhooks.url,
    cardepass: {
      funding: { currency: f.currency, available: formatMajor(f.availableMinor), blocked: formatMajor(f.blockedMinor) },
      cards: ctx.cardepass.cards.map((c) => ({
        cardId: c.cardId,
        cardModel: c.cardModel,
        status: c.status,
        maskedNumber: maskCardNumber(c.cardNumber),
        balance: formatMajor(spendableMinor(ctx, c)),
        usedCredit: formatMajor(c.usedCreditMinor),
      })),
      orders: ctx.cardepass.orders.map((o) => ({ orderNo: o.orderNo, customerOrderNo: o.customerOrderNo, orderType: o.orderType, status: o.status })),
    },
    nobepay: {
      transactionOrder: ctx.nobepayTransactionOrder,
      segments: ctx.nobepay.segments.map((s) => ({ vid: s.vid, cardBin: s.cardBin, balance: formatMajor(s.balanceCents), minDeposit: formatMajor(s.minDepositCents) })),
      cards: ctx.nobepay.cards.map((c) => ({ cardId: c.cardId, status: c.status, maskedNumber: maskCardNumber(c.number), balance: formatMajor(nbBalance(c)) })),
    },
    cardopenapi: {
      wallet: { currency: ctx.cardopenapi.wallet.currency, balance: formatMajor(ctx.cardopenapi.wallet.balanceMinor) },
      cards: ctx.cardopenapi.cards.map((c) => ({ cardId: c.cardId, status: c.status, maskedNumber: maskCardNumber(c.cardNo), balance: formatMajor(c.balanceMinor) })),
    },
    transactions: Object.fromEntries(PROVIDERS.map((p) => [p, ledgerOf(ctx, p).txns.length])),
    activeCards: Object.fromEntries(PROVIDERS.map((p) => [p, activeCards(ctx, p).map((c) => c.cardId)])),
  };
}

/** Every PAN/CVV/PIN the sandbox has issued, so a leak test can grep the app's DB and logs for them. */
export function currentCardSecrets(ctx: SandboxContext): CardSecret[] {
  return [
    ...ctx.cardepass.cards.map((c) => ({ provider: "cardepass" as const, cardId: c.cardId, cardNumber: c.cardNumber, cvv: c.cvv, pin: null })),
    ...ctx.nobepay.cards.map((c) => ({ provider: "nobepay" as const, cardId: c.cardId, cardNumber: c.number, cvv: c.cvc, pin: null })),
    ...ctx.cardopenapi.cards.map((c) => ({ provider: "cardopenapi" as const, cardId: c.cardId, cardNumber: c.cardNo, cvv: c.cvv, pin: c.pin || null })),
  ];
}

function allCardSecrets(ctx: SandboxContext, retired: Map<string, CardSecret>): CardSecret[] {
  const all = new Map(retired);
  for (const secret of currentCardSecrets(ctx)) all.set(secret.cardNumber, secret);
  return [...all.values()];
}
