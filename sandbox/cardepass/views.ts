import type { SandboxContext } from "../context";
import { toMajor } from "../lib/money";
import { isoZ, parseDateFilter } from "../lib/time";
import { cardInfo } from "./order-views";
import { findCard, type CdpCard } from "./state";

const STATUS_V1 = { active: "Active", blocked: "Blocked", cancelled: "Cancel", expired: "Expired" } as const;
const STATUS_V2 = { active: "Active", blocked: "Blocked", cancelled: "Cancelled", expired: "Cancelled" } as const;

/** What the card can spend now: its own balance (Standard) or the shared funds within its limit. */
export function spendableMinor(ctx: SandboxContext, card: CdpCard): number {
  if (card.cardModel === "Standard") return card.balanceMinor;
  if (card.status === "cancelled" || card.status === "expired") return 0;
  const funds = ctx.cardepass.funding.availableMinor;
  return card.maxCreditMinor === null ? funds : Math.max(0, Math.min(funds, card.maxCreditMinor - card.usedCreditMinor));
}

export function productsView(ctx: SandboxContext) {
  return ctx.cardepass.products.map((p) => ({
    productCode: p.productCode,
    productName: p.productName,
    cardModels: p.cardModels,
    cardCurrency: p.cardCurrency,
    description: p.description,
  }));
}

export function cardView(ctx: SandboxContext, card: CdpCard): Record<string, unknown> {
  const product = ctx.cardepass.products.find((p) => p.productCode === card.productCode);
  const expiration = `${String(card.expMonth).padStart(2, "0")}/${card.expYear}`;
  const share = card.cardModel === "ShareBalance";
  if (ctx.config.cardepassVersion === "v2") {
    return {
      cardId: card.cardId,
      cardAlias: card.alias,
      cardModel: card.cardModel,
      cardCurrency: card.currency,
      cardStatus: STATUS_V2[card.status],
      balance: toMajor(spendableMinor(ctx, card)),
      // "| maxAuthAmount | number | 单笔限额 | 单次交易最大金额 |" for either model (a v2 Standard apply may set it); 0: none.
      maxAuthAmount: card.maxAuthMinor !== null ? toMajor(card.maxAuthMinor) : 0,
      maxCreditAmount: share && card.maxCreditMinor !== null ? toMajor(card.maxCreditMinor) : null,
      createdOn: isoZ(card.applyTime),
      // cardepass-v2.md's card detail carries no cardNumber, cvv or expirationMMYY, so v2 mode does not add them.
    };
  }
  return {
    cardId: card.cardId,
    cardModel: card.cardModel,
    productCode: card.productCode,
    cardNumber: card.cardNumber,
    cvv: card.cvv,
    expirationMMYY: expiration,
    cardCurrency: card.currency,
    alias: card.alias,
    balanceAmount: toMajor(spendableMinor(ctx, card)),
    status: STATUS_V1[card.status],
    // cardepass-v1.md: "| »» maxAuthAmount | string | true | none | 仅在共享模式下可用 |" (ShareBalance only).
    maxAuthAmount: share && card.maxAuthMinor !== null ? toMajor(card.maxAuthMinor) : 0,
    usedCreditAmount: toMajor(card.usedCreditMinor),
    maxCreditAmount: share && card.maxCreditMinor !== null ? toMajor(card.maxCreditMinor) : null,
    cardOrganization: product?.organization ?? "VISA",
    applyTime: isoZ(card.applyTime),
  };
}

export function accountsView(ctx: SandboxContext): unknown {
  const f = ctx.cardepass.funding;
  if (ctx.config.cardepassVersion === "v2") {
    return {
      accountBalance: toMajor(f.availableMinor + f.blockedMinor),
      availableBalance: toMajor(f.availableMinor),
      frozenBalance: toMajor(f.blockedMinor),
      currency: f.currency,
    };
  }
  return [
    { currency: f.currency, amount: toMajor(f.availableMinor) },
    { currency: "HKD", amount: 0 },
  ];
}

function intParam(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

function inRange(at: Date, query: URLSearchParams): boolean {
  const from = parseDateFilter(query.get("TransactionDateFrom"), false);
  const to = parseDateFilter(query.get("TransactionDateTo"), true);
  return (!from || at >= from) && (!to || at <= to);
}

/**
 * Each listing's documented paging only, the other ignored as a server ignores a query parameter it does not define:
 * Limit/Offset (accountLogs in both documents, cardAccountLogs in v1), or, with `pageNumbers`, PageNumber/PageSize
 * (cardepass-v2.md lists only "| PageNumber |" and "| PageSize |" for cardAccountLogs).
 */
function page<T>(rows: T[], query: URLSearchParams, pageNumbers = false) {
  let limit = intParam(query.get("Limit"), 20, 100);
  let offset = intParam(query.get("Offset"), 0, Number.MAX_SAFE_INTEGER);
  if (pageNumbers) {
    limit = intParam(query.get("PageSize"), 20, 100) || 20;
    offset = (Math.max(1, intParam(query.get("PageNumber"), 1, Number.MAX_SAFE_INTEGER)) - 1) * limit;
  }
  limit = limit || 20;
  return {
    pageNumber: Math.floor(offset / limit) + 1,
    pageSize: limit,
    totalRecords: rows.length,
    totalPages: Math.ceil(rows.length / limit),
    rows: rows.slice(offset, offset + limit),
  };
}

export function accountLogsView(ctx: SandboxContext, query: URLSearchParams) {
  const state = ctx.cardepass;
  const rows = state.accountLogs.filter((l) => inRange(l.transTime, query)).reverse();
  const { rows: slice, ...paging } = page(rows, query);
  return {
    ...paging,
    data: slice.map((l) => {
      const card = l.cardId ? findCard(state, l.cardId) : undefined;
      return {
        id: l.id,
        accountTransType: l.accountTransType,
        fundsDirection: l.fundsDirection,
        currency: l.currency,
        transAmount: toMajor(l.transMinor),
        availableBalance: toMajor(l.availableAfterMinor),
        blockedBalance: toMajor(l.blockedAfterMinor),
        orderNo: l.orderNo,
        note: l.note,
        cardInfo: card ? cardInfo(state, card) : null,
        transTime: isoZ(l.transTime),
      };
    }),
  };
}

export function cardAccountLogsView(ctx: SandboxContext, query: URLSearchParams) {
  const state = ctx.cardepass;
  const cardId = query.get("CardId");
  const rows = state.cardAccountLogs
    .filter((l) => (!cardId || l.cardId === cardId) && inRange(l.transTime, query))
    .reverse();
  const { rows: slice, ...paging } = page(rows, query, ctx.config.cardepassVersion === "v2");
  return {
    ...paging,
    data: slice.map((l) => {
      const card = findCard(state, l.cardId);
      const info = card ? cardInfo(state, card) : null;
      const fee = l.feeItems.reduce((s, f) => s + f.amountMinor, 0);
      return {
        accountLogId: l.accountLogId,
        cardOrderNo: l.cardOrderNo,
        cardAccountLogType: l.cardAccountLogType,
        accountInfo: {
          id: null,
          accountSource: "Card",
          cardId: l.fromCard ? l.cardId : null,
          accountName: l.fromCard && info ? info.maskCardNumber : state.accountName,
          currency: "USD",
        },
        cardInfo: info,
        fundsDirection: l.fundsDirection,
        transAmount: { currency: "USD", amount: toMajor(l.transMinor) },
        totalFee: { currency: "USD", amount: toMajor(fee) },
        feeItems: l.feeItems.map((f) => ({ feeType: f.feeType, amount: toMajor(f.amountMinor), currency: "USD" })),
        totalAmount: { currency: "USD", amount: toMajor(l.totalMinor) },
        status: l.status,
        failureReason: l.failureReason,
        transTime: isoZ(l.transTime),
        completedTime: l.completedTime ? isoZ(l.completedTime) : null,
        note: "",
      };
    }),
  };
}
