import type { SandboxContext } from "../context";
import { header, json, type ParsedRequest, type WireResponse } from "../lib/http";
import { CARDEPASS_CLIENT_ID, CARDEPASS_CLIENT_SECRET } from "./state";

function base64url(value: string): string {
  return Buffer.from(value).toString("base64url");
}

/** POST /connect/token: form-encoded client_credentials (HTTP Basic client auth also accepted). */
export function issueToken(ctx: SandboxContext, req: ParsedRequest): WireResponse {
  const form = new URLSearchParams(req.rawBody);
  let clientId = form.get("client_id");
  let clientSecret = form.get("client_secret");
  const basic = /^Basic\s+(.+)$/i.exec(header(req, "authorization") ?? "");
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    clientId = clientId ?? id ?? null;
    clientSecret = clientSecret ?? secret ?? null;
  }
  if (clientId !== CARDEPASS_CLIENT_ID || clientSecret !== CARDEPASS_CLIENT_SECRET) {
    return json(401, { error: "invalid_client" });
  }
  if (form.get("grant_type") !== "client_credentials") return json(400, { error: "invalid_grant" });
  const scope = form.get("scope");
  if (scope && scope !== "card") return json(400, { error: "invalid_scope" });

  const ttl = ctx.config.tokenTtlSeconds;
  const nowSec = Math.floor(Date.now() / 1000);
  const head = base64url(JSON.stringify({ alg: "RS256", kid: ctx.rng.hex(40).toUpperCase(), typ: "at+jwt" }));
  const payload = base64url(
    JSON.stringify({ nbf: nowSec, exp: nowSec + ttl, iss: "sandbox/cardepass/openapi", client_id: clientId, jti: ctx.rng.hex(16), scope: ["card"] }),
  );
  const token = `${head}.${payload}.${base64url(ctx.rng.hex(128))}`;
  // An older token stays valid until its own expiry; issuing a new one does not revoke it.
  ctx.cardepass.tokens.set(token, Date.now() + ttl * 1000);
  return json(200, { access_token: token, expires_in: ttl, token_type: "Bearer", scope: "card" });
}

/** Returns null when the bearer token is valid, else the documented 401 with body {}. */
export function requireBearer(ctx: SandboxContext, req: ParsedRequest): WireResponse | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header(req, "authorization") ?? "");
  const expiresAt = match?.[1] ? ctx.cardepass.tokens.get(match[1]) : undefined;
  if (expiresAt === undefined || expiresAt <= Date.now()) {
    return json(401, {}, { "www-authenticate": 'Bearer error="invalid_token"' });
  }
  return null;
}
