import type { SandboxContext } from "../context";
import { json, parseJsonObject, type ParsedRequest, type WireResponse } from "../lib/http";
import { checkHeaders, issueToken } from "./auth";
import { cancelCard, createCard, depositCard, updateCard, withdrawCard } from "./cards";
import { nbFail, nbOk } from "./envelope";
import { orderTransactions } from "./transaction-order";
import { US_STATES } from "./us-states";
import { cardObject, holderObject, orderText, tradeRow, transactionRow } from "./views";

const REST = "/open/api/v1/rest";

function paging(query: URLSearchParams): { pageNo: number; pageSize: number } | string {
  const pageNo = Number(query.get("pageNo"));
  const pageSize = Number(query.get("pageSize"));
  if (!query.get("pageNo") || !Number.isInteger(pageNo) || pageNo < 1) return "pageNo";
  if (!query.get("pageSize") || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return "pageSize";
  return { pageNo, pageSize };
}

/** nobepay.md: "| └pageSize | integer | record元素个数 |": the answer's pageSize counts the items in this record. */
function paged<T, R>(rows: T[], p: { pageNo: number; pageSize: number }, map: (row: T) => R) {
  const slice = rows.slice((p.pageNo - 1) * p.pageSize, p.pageNo * p.pageSize);
  return { data: slice.map(map), pageSize: slice.length, total: rows.length, pageNo: p.pageNo };
}

/** NobePay under /nobepay (nobepay.md). */
export function handleNobepay(ctx: SandboxContext, req: ParsedRequest): WireResponse {
  const state = ctx.nobepay;
  const { method, path, query } = req;
  if (method === "POST" && path === "/open/api/v1/token/get") return issueToken(ctx, req);
  if (!path.startsWith(`${REST}/`)) return json(404, { success: false, msg: "Not Found", code: 404, data: null, timestamp: Date.now() });

  const refused = checkHeaders(ctx, req);
  if (refused) return refused;

  const route = `${method} ${path.slice(REST.length)}`;
  if (method === "POST") {
    const body = parseJsonObject(req.rawBody);
    if (!body) return nbFail("badParam", "body must be a JSON object");
    switch (route) {
      case "POST /card/create":
        return createCard(ctx, body);
      case "POST /card/deposit":
        return depositCard(ctx, body);
      case "POST /card/update":
        return updateCard(ctx, body);
      case "POST /card/withdraw":
        return withdrawCard(ctx, body);
      case "POST /card/cancel":
        return cancelCard(ctx, body);
    }
    return nbFail("badParam", `unknown endpoint ${path}`);
  }

  if (route === "GET /card/vd/list") {
    return nbOk(
      [...state.segments]
        .sort((a, b) => a.posOrder - b.posOrder)
        .map((s) => {
          const cards = state.cards.filter((c) => c.vid === s.vid);
          return {
            vid: s.vid,
            cardBin: s.cardBin,
            desp: s.desp,
            posOrder: s.posOrder,
            cardCount: cards.length,
            activeCardCount: cards.filter((c) => c.status === "ACTIVE").length,
            newCardMinDepositAmount: { amount: s.minDepositCents, currency: "USD" },
            accountBalance: s.reportsBalance ? { amount: s.balanceCents, currency: "USD" } : null,
          };
        }),
    );
  }
  if (route === "GET /enum/us/states") return nbOk(US_STATES.map(([code, value]) => ({ code, value })));

  if (route === "GET /card/info") {
    const card = state.cards.find((c) => c.cardId === query.get("cardId"));
    if (!card) return nbFail("cardNotFound");
    return nbOk({ cardHolder: holderObject(card), card: cardObject(state, card, "info"), tags: card.tags });
  }

  const p = paging(query);
  if (typeof p === "string") return nbFail("badParam", p);

  switch (route) {
    case "GET /card/tag/list":
      return nbOk(paged(state.tags, p, (t) => ({ id: t.id, userId: state.userId, tagName: t.tagName, gmtCreate: t.gmtCreate, gmtModified: t.gmtModified })));
    case "GET /card/list": {
      const num = (name: string) => (query.get(name) ? Number(query.get(name)) : null);
      const [start, end] = [num("gmtCreateStart"), num("gmtCreateEnd")];
      const rows = state.cards
        .filter((c) => (start === null || c.gmtCreate >= start) && (end === null || c.gmtCreate <= end))
        .filter((c) => !query.get("tagName") || c.tags.includes(query.get("tagName") ?? ""))
        .filter((c) => !query.get("number") || c.number === query.get("number"))
        .filter((c) => !query.get("last4") || c.number.endsWith(query.get("last4") ?? ""))
        .filter((c) => !query.get("cardSeqNo") || c.cardSeqNo === query.get("cardSeqNo"))
        .filter((c) => !query.get("cardBin") || c.number.startsWith(query.get("cardBin") ?? ""))
        .sort((a, b) => b.gmtCreate - a.gmtCreate);
      return nbOk(paged(rows, p, (c) => ({ card: cardObject(state, c, "list"), tags: c.tags })));
    }
    case "GET /card/transaction/list":
    case "GET /card/trade/list": {
      const cardId = query.get("cardId");
      if (!cardId) return nbFail("badParam", "cardId");
      if (!state.cards.some((c) => c.cardId === cardId)) return nbFail("cardNotFound");
      const cardRows = state.ledger.txns.filter((t) => t.cardId === cardId);
      if (route === "GET /card/trade/list") return nbOk(paged(orderTransactions(cardRows, "trade", ctx.nobepayTransactionOrder), p, (t) => tradeRow(state, t)));
      return nbOk(paged(orderTransactions(cardRows, "transaction", ctx.nobepayTransactionOrder), p, (t) => transactionRow(state, t)));
    }
    case "GET /card/order/list": {
      const card = state.cards.find((c) => c.cardId === query.get("cardId"));
      if (!card) return nbFail("cardNotFound");
      const rows = state.orders.filter((o) => o.cardId === card.cardId).sort((a, b) => b.tradeAt - a.tradeAt);
      return nbOk(paged(rows, p, (o) => ({ cardId: o.cardId, type: o.type, ...orderText(o.type, o.amountCents), amount: o.amountCents, tradeAt: o.tradeAt })));
    }
  }
  return nbFail("badParam", `unknown endpoint ${path}`);
}
