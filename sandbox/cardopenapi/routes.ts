import type { SandboxContext } from "../context";
import { json, parseJsonObject, type ParsedRequest, type WireResponse } from "../lib/http";
import { toMajor } from "../lib/money";
import { CARD_STATUS, CARDOPENAPI_ENDPOINTS as EP, ERROR_CODES, WALLET_STATUS } from "./inferred-endpoints";
import { placeOrder } from "./orders";
import { CARDOPENAPI_APP_ID, CARDOPENAPI_CUSTOMER_ID, CARDOPENAPI_KEY, type CoCard } from "./state";
import { cardObject, orderObject, tradeObject } from "./views";

type Body = Record<string, unknown>;

const ok = (data: unknown): WireResponse => json(200, { code: 0, message: "success", data });
function err(kind: keyof typeof ERROR_CODES, detail?: string): WireResponse {
  const [code, message] = ERROR_CODES[kind];
  return json(200, { code, message: detail ? `${message}: ${detail}` : message, data: null });
}

function paging(body: Body, required: boolean): { pageNo: number; pageSize: number } | null {
  const pageNo = body.page_no === undefined && !required ? 1 : Number(body.page_no);
  const pageSize = body.page_size === undefined && !required ? 50 : Number(body.page_size);
  if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return null;
  return { pageNo, pageSize };
}

function page<T>(rows: T[], p: { pageNo: number; pageSize: number }) {
  return { total: rows.length, page_no: p.pageNo, page_size: p.pageSize, rows: rows.slice((p.pageNo - 1) * p.pageSize, p.pageNo * p.pageSize) };
}

/** cardopenapi under /cardopenapi/{version}: POST JSON with customer_id, app_id and key in every body. */
export function handleCardopenapi(ctx: SandboxContext, req: ParsedRequest): WireResponse {
  const match = /^\/v\d+(\/openApi\/.+)$/.exec(req.path);
  if (req.method !== "POST" || !match) return err("notFoundEndpoint");
  const path = match[1];
  const body = parseJsonObject(req.rawBody);
  if (!body) return err("param", "body must be a JSON object");
  if (Number(body.customer_id) !== CARDOPENAPI_CUSTOMER_ID || Number(body.app_id) !== CARDOPENAPI_APP_ID || body.key !== CARDOPENAPI_KEY) {
    return err("auth");
  }
  const state = ctx.cardopenapi;
  const card = (): CoCard | undefined => state.cards.find((c) => c.cardId === body.card_id);

  switch (path) {
    case EP.cardList.path: {
      const p = paging(body, true);
      if (!p) return err("param", "page_no/page_size");
      const rows = state.cards.filter(
        (c) =>
          (!body.bin_id || c.binId === body.bin_id) &&
          (!body.card_no || c.cardNo === body.card_no) &&
          (body.status === undefined || body.status === null || c.status === Number(body.status)),
      );
      const { rows: slice, ...meta } = page(rows, p);
      return ok({ ...meta, card_list: slice.map(cardObject) });
    }
    case EP.cardDetail.path: {
      const c = card();
      return c ? ok(cardObject(c)) : err("notFound", "card_id");
    }
    case EP.cardActive.path:
      return transition(card(), [CARD_STATUS.inactive], CARD_STATUS.active);
    case EP.cardFreeze.path:
      return transition(card(), [CARD_STATUS.active], CARD_STATUS.frozen);
    case EP.cardUnfreeze.path:
      return transition(card(), [CARD_STATUS.frozen], CARD_STATUS.active);
    case EP.cardCancel.path: {
      const c = card();
      const res = transition(c, [CARD_STATUS.inactive, CARD_STATUS.active, CARD_STATUS.frozen], CARD_STATUS.cancelling);
      if (c && c.status === CARD_STATUS.cancelling) {
        c.closeAt = new Date();
        ctx.scheduler.after(ctx.config.orderDelayMs, () => finishCancel(ctx, c));
      }
      return res;
    }
    case EP.cardTradeList.path: {
      const p = paging(body, true);
      if (!p) return err("param", "page_no/page_size");
      const from = typeof body.start_time === "string" && body.start_time ? new Date(`${body.start_time.replace(" ", "T")}Z`) : null;
      const to = typeof body.end_time === "string" && body.end_time ? new Date(`${body.end_time.replace(" ", "T")}Z`) : null;
      const rows = state.ledger.txns
        .filter((t) => (!body.card_id || t.cardId === body.card_id) && (!from || t.authAt >= from) && (!to || t.authAt <= to))
        .sort((a, b) => b.authAt.getTime() - a.authAt.getTime() || b.seq - a.seq);
      const { rows: slice, ...meta } = page(rows, p);
      return ok({ ...meta, trade_list: slice.map((t) => tradeObject(state, t)) });
    }
    case EP.binList.path: {
      const p = paging(body, false);
      if (!p) return err("param", "page_no/page_size");
      const { rows: slice, ...meta } = page(state.bins, p);
      return ok({
        ...meta,
        bin_list: slice.map((b) => ({
          bin_id: b.binId,
          bin: b.bin,
          card_brand: b.brand,
          currency: "USD",
          open_fee: toMajor(b.openFeeMinor),
          recharge_fee_rate: b.rechargeFeeBps / 10_000,
          min_recharge: toMajor(b.minRechargeMinor),
          status: 1,
        })),
      });
    }
    case EP.binFee.path: {
      const b = state.bins.find((bin) => bin.binId === body.bin_id);
      if (!b) return err("notFound", "bin_id");
      return ok({ bin_id: b.binId, currency: "USD", open_fee: toMajor(b.openFeeMinor), recharge_fee_rate: b.rechargeFeeBps / 10_000 });
    }
    case EP.walletList.path: {
      const w = state.wallet;
      return ok({ wallet_list: [{ wallet_id: w.walletId, currency: w.currency, balance: toMajor(w.balanceMinor), frozen_balance: toMajor(w.frozenMinor), status: WALLET_STATUS.normal }] });
    }
    case EP.openCard.path:
    case EP.cardRecharge.path: {
      const result = placeOrder(ctx, path === EP.openCard.path ? "openCard" : "recharge", body);
      return "order" in result ? ok(orderObject(result.order)) : err(result.error, result.detail);
    }
    case EP.orderList.path: {
      const p = paging(body, true);
      if (!p) return err("param", "page_no/page_size");
      const rows = state.orders
        .filter((o) => (body.type === undefined || o.type === Number(body.type)) && (body.status === undefined || o.status === Number(body.status)))
        .slice()
        .reverse();
      const { rows: slice, ...meta } = page(rows, p);
      return ok({ ...meta, order_list: slice.map(orderObject) });
    }
    case EP.orderDetail.path: {
      const order = state.orders.find((o) => (body.order_id && o.orderId === body.order_id) || (body.order_no && o.orderNo === body.order_no));
      return order ? ok(orderObject(order)) : err("notFound", "order");
    }
  }
  return err("notFoundEndpoint");
}

/** Second half of 发起销卡: the balance returns to the wallet and the card is cancelled. */
export function finishCancel(ctx: SandboxContext, c: CoCard): void {
  if (c.status !== CARD_STATUS.cancelling) return;
  ctx.cardopenapi.wallet.balanceMinor += Math.max(0, c.balanceMinor);
  c.balanceMinor = 0;
  c.status = CARD_STATUS.cancelled;
  c.endAt = new Date();
}

function transition(card: CoCard | undefined, from: number[], to: number): WireResponse {
  if (!card) return err("notFound", "card_id");
  if (!from.includes(card.status)) return err("status", `card status ${card.status}`);
  card.status = to;
  if (to === CARD_STATUS.active && !card.useAt) card.useAt = new Date();
  return ok({ card_id: card.cardId, status: card.status });
}
