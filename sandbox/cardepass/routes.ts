import type { SandboxContext } from "../context";
import { canonicalJson, json, parseJsonObject, type ParsedRequest, type WireResponse } from "../lib/http";
import { issueToken, requireBearer } from "./auth";
import { badRequest, ERRORS, fail, failWith, ok } from "./envelope";
import { orderView } from "./order-views";
import { ACTIONS, completeOrder, createOrder, type OrderAction } from "./orders";
import { findCard, type CardModel } from "./state";
import { transactionsView } from "./transactions";
import { accountLogsView, accountsView, cardAccountLogsView, cardView, productsView } from "./views";

const MODELS: Record<string, CardModel> = { sharebalance: "ShareBalance", standard: "Standard" };

/** Cardepass under /cardepass/openapi: cardepass-v1.md (default) or cardepass-v2.md shapes. */
export function handleCardepass(ctx: SandboxContext, req: ParsedRequest): WireResponse {
  const { method, path } = req;
  if (method === "POST" && path === "/connect/token") return issueToken(ctx, req);

  const denied = requireBearer(ctx, req);
  if (denied) return denied;

  if (method === "GET" && path === "/v1/ping") return json(200, "Ping Success");
  if (method === "GET" && path === "/v1/products") return ok(ctx, productsView(ctx));
  if (method === "GET" && path === "/v1/accounts") return ok(ctx, accountsView(ctx));
  if (method === "GET" && path === "/v1/accounts/accountLogs") return ok(ctx, accountLogsView(ctx, req.query));
  if (method === "GET" && path === "/v1/accounts/cardAccountLogs") return ok(ctx, cardAccountLogsView(ctx, req.query));
  if (method === "GET" && path === "/v1/transactions") {
    const result = transactionsView(ctx, req.query);
    if ("error" in result) return fail(ctx, "400", result.error, 400);
    return json(200, { ...result.body, responseId: ctx.rng.uuid(), hasError: false, errorCode: null, errorMessage: null });
  }

  const cardMatch = /^\/v1\/cards\/([^/]+)$/.exec(path);
  if (method === "GET" && cardMatch) {
    const card = findCard(ctx.cardepass, decodeURIComponent(cardMatch[1] ?? ""));
    return card ? ok(ctx, cardView(ctx, card)) : fail(ctx, "CARD_NOT_FOUND", "卡片不存在", 404);
  }

  const queryMatch = /^\/v1\/orders\/(sharebalance|standard)$/.exec(path);
  if (method === "GET" && queryMatch) return queryOrder(ctx, MODELS[queryMatch[1] ?? ""] ?? "Standard", req.query);

  const orderMatch = /^\/v1\/orders\/(sharebalance|standard)\/([A-Za-z]+)$/.exec(path);
  if (method === "POST" && orderMatch) {
    const model = MODELS[orderMatch[1] ?? ""] ?? "Standard";
    const action = orderMatch[2] as OrderAction;
    if (!ACTIONS[model].includes(action)) return fail(ctx, "404", "Not Found", 404);
    return submitOrder(ctx, model, action, req);
  }
  return fail(ctx, "404", "Not Found", 404);
}

function submitOrder(ctx: SandboxContext, model: CardModel, action: OrderAction, req: ParsedRequest): WireResponse {
  const body = parseJsonObject(req.rawBody);
  if (!body) return failWith(ctx, badRequest("body", "must be a JSON object"));
  const requestKey = `${model}/${action}:${canonicalJson(body)}`;
  const customerOrderNo = typeof body.customerOrderNo === "string" && body.customerOrderNo !== "" ? body.customerOrderNo : null;
  if (customerOrderNo) {
    const existing = ctx.cardepass.orders.find((o) => o.customerOrderNo === customerOrderNo);
    if (existing) {
      // Same key and same body: the original order (idempotent retry). Different body: DUPLICATE_ORDER.
      return existing.requestKey === requestKey ? ok(ctx, orderView(ctx, existing)) : failWith(ctx, ERRORS.duplicate);
    }
  }
  const result = createOrder(ctx, model, action, body, requestKey);
  if ("errorCode" in result) return failWith(ctx, result);
  ctx.cardepass.orders.push(result);
  ctx.scheduler.after(ctx.config.orderDelayMs, () => completeOrder(ctx, result));
  return ok(ctx, orderView(ctx, result));
}

function queryOrder(ctx: SandboxContext, model: CardModel, query: URLSearchParams): WireResponse {
  const orderNo = query.get("OrderNo");
  const customerOrderNo = query.get("CustomerOrderNo");
  if (!orderNo && !customerOrderNo) return failWith(ctx, badRequest("OrderNo", "OrderNo or CustomerOrderNo is required"));
  const orderType = query.get("OrderType")?.toLowerCase();
  const order = ctx.cardepass.orders.find(
    (o) =>
      o.model === model &&
      (orderNo ? o.orderNo === orderNo : o.customerOrderNo === customerOrderNo) &&
      (!orderType || o.orderType.toLowerCase() === orderType),
  );
  return order ? ok(ctx, orderView(ctx, order)) : failWith(ctx, ERRORS.orderNotFound);
}
