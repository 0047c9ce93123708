/** NobePay HTTP + auth (nobepay.md "授权"): token in `kc-open-api`, fresh nonce and ms timestamp per call. */
import { randomUUID } from "node:crypto";
import { ProviderError } from "@/lib/providers/errors";
import { HttpClient, consoleLogger, type ApiDeps, type HttpResponse, type ProviderLogger, type RetryMode } from "@/lib/providers/http";
import { malformed, parseWire } from "@/lib/providers/normalize";
import { secretFingerprint, sharedTokenCache, tokenTimes, type CachedToken, type TokenCache } from "@/lib/providers/token-cache";
import type { NobepayCredentials, ProviderAccountConfig } from "@/lib/providers/types";
import { envelopeError } from "@/lib/providers/nobepay/transform";
import { envelopeSchema, tokenSchema } from "@/lib/providers/nobepay/types";

const P = "nobepay" as const;
export const REST = "/open/api/v1/rest";
/** The document's token lifetime (expiresIn 10800 s = 3 h), used when the answer omits it. */
const DEFAULT_TTL_S = 10_800;

export type NobepayCall = {
  operation: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  retry?: RetryMode;
};

/** Random, URL-safe, 32 characters: within the documented 64-character limit. */
export const newNonce = (): string => randomUUID().replace(/-/g, "");

export class NobepayApi {
  private readonly http: HttpClient;
  private readonly cache: TokenCache;
  private readonly cacheKey: string;
  private readonly credentials: NobepayCredentials;
  private readonly now: () => number;
  private readonly logger: ProviderLogger;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.credentials = config.credentials as NobepayCredentials;
    this.now = deps.http?.now ?? (() => Date.now());
    this.logger = deps.http?.logger ?? consoleLogger;
    this.cache = deps.tokenCache ?? sharedTokenCache;
    this.cacheKey = `nobepay|${config.id}|${config.baseUrl}|${this.credentials.appKey}|${secretFingerprint(this.credentials.appSecret)}`;
    this.http = new HttpClient({
      provider: P,
      accountId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: config.settings?.timeoutMs,
      maxRetryMs: config.settings?.maxRetryMs,
      secrets: () => [this.credentials.appSecret],
      ...deps.http,
    });
  }

  private async fetchToken(): Promise<CachedToken> {
    const res = await this.http.request({
      operation: "token",
      method: "POST",
      path: "/open/api/v1/token/get",
      json: { appKey: this.credentials.appKey, appSecret: this.credentials.appSecret },
      // "API请求需要携带nonce 和 timestamp": the general notes ask it of every request, the token call included.
      headers: () => this.signatureHeaders(),
    });
    const data = this.unwrap({ operation: "token", method: "POST", path: "/open/api/v1/token/get" }, res, true);
    const token = parseWire(P, tokenSchema, data, "token");
    const ttl = Number(token.expiresIn ?? DEFAULT_TTL_S);
    return { value: token.accessToken, ...tokenTimes(this.now(), (Number.isFinite(ttl) && ttl > 0 ? ttl : DEFAULT_TTL_S) * 1000) };
  }

  /**
   * nobepay.md 通用说明: "API请求需要携带nonce 和 timestamp" and "请求头header Content-Type 应为 application/json 格式":
   * a fresh nonce, the epoch-ms timestamp and the JSON content type on every call, GETs included.
   */
  private signatureHeaders(): Record<string, string> {
    return { nonce: newNonce(), timestamp: String(this.now()), "Content-Type": "application/json" };
  }

  token(): Promise<string> {
    return this.cache.get(this.cacheKey, this.now(), () => this.fetchToken());
  }

  private send(call: NobepayCall, token: string): Promise<HttpResponse> {
    return this.http.request({
      operation: call.operation,
      method: call.method,
      path: `${REST}${call.path}`,
      query: call.query,
      json: call.json,
      retry: call.retry,
      // Evaluated per attempt: a retry never reuses a nonce.
      headers: () => ({ "kc-open-api": token, ...this.signatureHeaders() }),
      secrets: [token],
    });
  }

  /** Returns `data` of a successful envelope; an expired token is refreshed once and the call repeated. */
  async call(call: NobepayCall): Promise<unknown> {
    const token = await this.token();
    try {
      return this.unwrap(call, await this.send(call, token));
    } catch (error) {
      if (!(error instanceof ProviderError) || error.code !== "auth") throw error;
      this.cache.invalidate(this.cacheKey, token);
      return this.unwrap(call, await this.send(call, await this.token()));
    }
  }

  private unwrap(call: NobepayCall, res: HttpResponse, isToken = false): unknown {
    const fail = (error: ProviderError): never => {
      this.logger.error({ provider: P, operation: call.operation, method: call.method, path: call.path, attempt: res.attempts, status: res.status, code: error.code, message: error.providerCode });
      throw error;
    };
    if (res.status === 401 || res.status === 403) return fail(new ProviderError("auth", { provider: P, httpStatus: res.status }));
    if (res.malformed || typeof res.body !== "object" || res.body === null) {
      if (res.status === 404) return fail(new ProviderError("not_found", { provider: P, httpStatus: 404 }));
      return fail(malformed(P, `${call.operation}: HTTP ${res.status} body is not a NobePay envelope`));
    }
    const parsed = envelopeSchema.safeParse(res.body);
    if (!parsed.success) return fail(malformed(P, `${call.operation}: not a NobePay envelope`));
    const error = envelopeError(parsed.data);
    if (error) {
      if (isToken && error.code === "auth") {
        return fail(new ProviderError("auth", { provider: P, providerCode: error.providerCode, message: "NobePay did not accept the app key and secret. Check the provider account settings." }));
      }
      return fail(error);
    }
    if (res.status >= 400) return fail(new ProviderError(res.status === 404 ? "not_found" : "invalid_request", { provider: P, httpStatus: res.status }));
    return parsed.data.data;
  }
}
