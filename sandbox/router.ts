import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAdmin, type AdminDeps } from "./admin";
import { handleCardepass } from "./cardepass/routes";
import { handleCardopenapi } from "./cardopenapi/routes";
import type { SandboxContext } from "./context";
import { malform, type ProviderName } from "./faults";
import { encodeBody, readBody, send, type ParsedRequest, type WireResponse } from "./lib/http";
import { handleNobepay } from "./nobepay/routes";

const PREFIXES: [string, ProviderName][] = [
  ["/cardepass/openapi", "cardepass"],
  ["/nobepay", "nobepay"],
  ["/cardopenapi", "cardopenapi"],
];

const HANDLERS: Record<ProviderName, (ctx: SandboxContext, req: ParsedRequest) => WireResponse> = {
  cardepass: handleCardepass,
  nobepay: handleNobepay,
  cardopenapi: handleCardopenapi,
};

const GATEWAY_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable" };

/** A gateway's or rate limiter's HTML page, as a provider's front proxy answers it. */
function gatewayPage(status: number, retryAfterSeconds?: number): WireResponse {
  const headers: Record<string, string> = { "content-type": "text/html" };
  if (retryAfterSeconds !== undefined) headers["retry-after"] = String(retryAfterSeconds);
  const text = status === 429 ? "Too Many Requests" : (GATEWAY_TEXT[status] ?? "Error");
  return { status, headers, body: `<html><body><h1>${status} ${text}</h1></body></html>` };
}

export interface RouterDeps extends AdminDeps {
  /** Responses held open by the hang fault; destroyed on close. */
  hung: Set<ServerResponse>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = deps;
  const started = Date.now();
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const parsed = (path: string, rawBody: string): ParsedRequest => ({
    method: req.method ?? "GET",
    path,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
  });
  const rawBody = await readBody(req);

  if (url.pathname.startsWith("/_sandbox/")) {
    send(res, handleAdmin(deps, parsed(url.pathname.slice("/_sandbox".length), rawBody)));
    return;
  }
  const entry = PREFIXES.find(([prefix]) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  if (!entry) {
    send(res, { status: 404, body: { error: "not found", providers: PREFIXES.map(([p]) => p) } });
    return;
  }
  const [prefix, provider] = entry;

  const latency = ctx.faults.latency(provider);
  if (latency > 0) await sleep(latency);
  const decision = ctx.faults.decide(provider);
  if (decision.kind === "hang") {
    deps.hung.add(res);
    res.on("close", () => deps.hung.delete(res));
    ctx.log(`${provider} ${req.method} ${url.pathname} -> fault: hang`);
    return;
  }
  if (decision.kind === "status") {
    send(res, gatewayPage(decision.status, decision.retryAfterSeconds));
    ctx.log(`${provider} ${req.method} ${url.pathname} -> fault: ${decision.status}`);
    return;
  }

  const response = HANDLERS[provider](ctx, parsed(url.pathname.slice(prefix.length) || "/", rawBody));
  if (decision.kind === "lost") {
    // Carried out, and the answer lost on the way back: what a client sees after a gateway timeout.
    send(res, gatewayPage(decision.status));
    ctx.log(`${provider} ${req.method} ${url.pathname} -> ${response.status}, fault: answer lost (${decision.status})`);
    return;
  }
  // A malformed answer still lets the request take effect, as a broken proxy would.
  send(res, response, decision.kind === "malformed" ? malform(encodeBody(response).text) : undefined);
  // Path only: query strings can carry card numbers (NobePay card/list?number=).
  ctx.log(`${provider} ${req.method} ${url.pathname} -> ${response.status}${decision.kind === "malformed" ? " (malformed)" : ""} ${Date.now() - started}ms`);
}
