import type { SandboxContext } from "../context";
import { header, parseJsonObject, type ParsedRequest, type WireResponse } from "../lib/http";
import { nbFail, nbOk } from "./envelope";
import { NOBEPAY_APP_KEY, NOBEPAY_APP_SECRET } from "./state";

export const TIMESTAMP_WINDOW_MS = 5 * 60_000;

/** POST /open/api/v1/token/get with {appKey, appSecret}. */
export function issueToken(ctx: SandboxContext, req: ParsedRequest): WireResponse {
  const body = parseJsonObject(req.rawBody);
  if (!body || typeof body.appKey !== "string" || typeof body.appSecret !== "string") {
    return nbFail("badParam", "appKey and appSecret are required");
  }
  if (body.appKey !== NOBEPAY_APP_KEY || body.appSecret !== NOBEPAY_APP_SECRET) return nbFail("badCredentials");
  const ttl = ctx.config.nobepayTokenTtlSeconds;
  const token = ctx.rng.uuid();
  ctx.nobepay.tokens.set(token, Date.now() + ttl * 1000);
  return nbOk({ accessToken: token, expiresIn: ttl });
}

/** Every rest call needs kc-open-api, nonce (<= 64, never reused) and a timestamp within 5 minutes. */
export function checkHeaders(ctx: SandboxContext, req: ParsedRequest): WireResponse | null {
  const token = header(req, "kc-open-api");
  const nonce = header(req, "nonce");
  const timestamp = header(req, "timestamp");
  if (!token || !nonce || !timestamp) {
    const missing = [!token && "kc-open-api", !nonce && "nonce", !timestamp && "timestamp"].filter(Boolean).join(", ");
    return nbFail("missingHeader", missing);
  }
  const now = Date.now();
  const expiresAt = ctx.nobepay.tokens.get(token);
  if (expiresAt === undefined || expiresAt <= now) return nbFail("tokenInvalid");
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - ts) > TIMESTAMP_WINDOW_MS) return nbFail("timestampOutOfRange");
  if (nonce.length > 64) return nbFail("badParam", "nonce longer than 64");
  for (const [seen, at] of ctx.nobepay.nonces) {
    if (now - at > 2 * TIMESTAMP_WINDOW_MS) ctx.nobepay.nonces.delete(seen);
  }
  // A nonce only needs remembering for as long as its timestamp could still be accepted.
  if (ctx.nobepay.nonces.has(nonce)) return nbFail("nonceReused");
  ctx.nobepay.nonces.set(nonce, now);
  return null;
}
