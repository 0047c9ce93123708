/** Cardepass HTTP + OAuth2 client_credentials auth (cardepass-v1.md / v2.md "Token"). */
import { ProviderError } from "@/lib/providers/errors";
import { HttpClient, consoleLogger, type ApiDeps, type HttpResponse, type ProviderLogger, type RetryMode } from "@/lib/providers/http";
import { malformed, parseWire } from "@/lib/providers/normalize";
import { secretFingerprint, sharedTokenCache, tokenTimes, type CachedToken, type TokenCache } from "@/lib/providers/token-cache";
import type { CardepassCredentials, ProviderAccountConfig } from "@/lib/providers/types";
import { envelopeError } from "@/lib/providers/cardepass/transform";
import { envelopeSchema, tokenSchema, type CardepassEnvelope } from "@/lib/providers/cardepass/types";

const P = "cardepass" as const;

export type { ApiDeps } from "@/lib/providers/http";

export type CardepassCall = {
  operation: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  retry?: RetryMode;
};

export type CardepassResult = { envelope: CardepassEnvelope; raw: unknown; responseId?: string };

export class CardepassApi {
  private readonly http: HttpClient;
  private readonly cache: TokenCache;
  private readonly cacheKey: string;
  private readonly credentials: CardepassCredentials;
  private readonly now: () => number;
  private readonly logger: ProviderLogger;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.credentials = config.credentials as CardepassCredentials;
    this.now = deps.http?.now ?? (() => Date.now());
    this.logger = deps.http?.logger ?? consoleLogger;
    this.cache = deps.tokenCache ?? sharedTokenCache;
    this.cacheKey = `cardepass|${config.id}|${config.baseUrl}|${this.credentials.clientId}|${secretFingerprint(this.credentials.clientSecret)}`;
    this.http = new HttpClient({
      provider: P,
      accountId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: config.settings?.timeoutMs,
      maxRetryMs: config.settings?.maxRetryMs,
      secrets: () => [this.credentials.clientSecret],
      responseIdOf: (body) => (typeof body === "object" && body && "responseId" in body ? String(body.responseId) : undefined),
      ...deps.http,
    });
  }

  private async fetchToken(): Promise<CachedToken> {
    const res = await this.http.request({
      operation: "token",
      method: "POST",
      path: "/connect/token",
      form: { grant_type: "client_credentials", client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret },
    });
    if (res.status !== 200) {
      const oauthError = (res.body as { error?: unknown } | undefined)?.error;
      throw new ProviderError(res.status === 400 || res.status === 401 || res.status === 403 ? "auth" : "unknown", {
        provider: P,
        httpStatus: res.status,
        providerCode: typeof oauthError === "string" ? oauthError : undefined,
        message: "Cardepass did not accept the client ID and secret. Check the provider account settings.",
      });
    }
    if (res.malformed) throw malformed(P, "token answer is not JSON");
    const token = parseWire(P, tokenSchema, res.body, "token");
    const ttlSeconds = Number(token.expires_in ?? 3600);
    const ttlMs = (Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? ttlSeconds : 3600) * 1000;
    return { value: token.access_token, ...tokenTimes(this.now(), ttlMs) };
  }

  token(): Promise<string> {
    return this.cache.get(this.cacheKey, this.now(), () => this.fetchToken());
  }

  private send(call: CardepassCall, token: string): Promise<HttpResponse> {
    return this.http.request({
      operation: call.operation,
      method: call.method,
      path: call.path,
      query: call.query,
      json: call.json,
      retry: call.retry,
      headers: () => ({ Authorization: `Bearer ${token}` }),
      secrets: [token],
    });
  }

  /** One call with the cached token; on 401 one refresh and one retry. */
  async call(call: CardepassCall): Promise<CardepassResult> {
    let token = await this.token();
    let res = await this.send(call, token);
    if (res.status === 401) {
      this.cache.invalidate(this.cacheKey, token);
      token = await this.token();
      res = await this.send(call, token);
    }
    return this.read(call, res);
  }

  private read(call: CardepassCall, res: HttpResponse): CardepassResult {
    const fail = (error: ProviderError): never => {
      this.logger.error({
        provider: P,
        operation: call.operation,
        method: call.method,
        path: call.path,
        attempt: res.attempts,
        status: res.status,
        responseId: error.responseId,
        code: error.code,
        message: error.providerCode,
      });
      throw error;
    };
    if (res.malformed) {
      if (res.status >= 400) return fail(envelopeError(res.status, undefined)!);
      return fail(malformed(P, `${call.operation}: HTTP ${res.status} body is not JSON`));
    }
    const isObject = typeof res.body === "object" && res.body !== null && !Array.isArray(res.body);
    if (!isObject) {
      if (res.status >= 400) return fail(envelopeError(res.status, undefined)!);
      // GET /v1/ping answers a bare JSON string; everything else must be an envelope.
      return { envelope: { data: res.body }, raw: res.body };
    }
    const parsed = envelopeSchema.safeParse(res.body);
    if (!parsed.success) return fail(malformed(P, `${call.operation}: not a Cardepass envelope`, res.responseId));
    const error = envelopeError(res.status, parsed.data);
    if (error) return fail(error);
    return { envelope: parsed.data, raw: res.body, responseId: parsed.data.responseId ?? undefined };
  }
}
