/** Card OPEN-API HTTP: POST JSON to /{version}/openApi/..., credentials in every body. */
import { ProviderError } from "@/lib/providers/errors";
import { HttpClient, consoleLogger, type ApiDeps, type ProviderLogger, type RetryMode } from "@/lib/providers/http";
import { malformed } from "@/lib/providers/normalize";
import type { CardopenapiCredentials, ProviderAccountConfig } from "@/lib/providers/types";
import { envelopeError } from "@/lib/providers/cardopenapi/transform";
import { envelopeSchema } from "@/lib/providers/cardopenapi/types";

const P = "cardopenapi" as const;

export class CardopenapiApi {
  private readonly http: HttpClient;
  private readonly credentials: CardopenapiCredentials;
  private readonly version: string;
  private readonly logger: ProviderLogger;

  constructor(config: ProviderAccountConfig, deps: ApiDeps = {}) {
    this.credentials = config.credentials as CardopenapiCredentials;
    this.version = config.settings?.apiVersion ?? "v1";
    this.logger = deps.http?.logger ?? consoleLogger;
    this.http = new HttpClient({
      provider: P,
      accountId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: config.settings?.timeoutMs,
      maxRetryMs: config.settings?.maxRetryMs,
      secrets: () => [this.credentials.key],
      ...deps.http,
    });
  }

  /** Returns `data` of a `{code: 0}` envelope. The key travels in the body, never in a log line. */
  async call(operation: string, path: string, fields: Record<string, unknown> = {}, retry: RetryMode = "idempotent"): Promise<unknown> {
    const answer = await this.send(operation, path, fields, retry);
    if ("error" in answer) throw answer.error;
    return answer.data;
  }

  /**
   * call's answer, or the error it would throw, with how many sendings the provider may have carried out: in
   * "idempotent" mode the request is sent again after a timeout or a 5xx, and a refusal of that repeat may only say that
   * the first sending, whose answer was lost, already did it. An attempt refused with 429 (or a 503 with Retry-After),
   * or that never connected, was not carried out and is not counted (HttpResponse.notCarriedOut). An outage or timeout
   * that outlasts the retries is still thrown.
   */
  async send(operation: string, path: string, fields: Record<string, unknown> = {}, retry: RetryMode = "idempotent"): Promise<{ sent: number; data: unknown } | { sent: number; error: ProviderError }> {
    const res = await this.http.request({
      operation,
      method: "POST",
      path: `/${this.version}${path}`,
      json: { customer_id: this.credentials.customerId, app_id: this.credentials.appId, key: this.credentials.key, ...fields },
      retry,
    });
    const fail = (error: ProviderError) => {
      this.logger.error({ provider: P, operation, method: "POST", path, attempt: res.attempts, status: res.status, code: error.code, message: error.providerCode });
      return { sent: res.attempts - res.notCarriedOut, error };
    };
    if (res.status === 401 || res.status === 403) return fail(new ProviderError("auth", { provider: P, httpStatus: res.status }));
    if (res.status === 404 && (res.malformed || res.body === undefined)) return fail(new ProviderError("not_found", { provider: P, httpStatus: 404 }));
    if (res.malformed || typeof res.body !== "object" || res.body === null) {
      return fail(malformed(P, `${operation}: HTTP ${res.status} body is not a Card OPEN-API envelope`));
    }
    const parsed = envelopeSchema.safeParse(res.body);
    if (!parsed.success) return fail(malformed(P, `${operation}: answer has no code`));
    const error = envelopeError(parsed.data);
    if (error) return fail(error);
    if (res.status >= 400) return fail(new ProviderError("invalid_request", { provider: P, httpStatus: res.status }));
    return { sent: res.attempts - res.notCarriedOut, data: parsed.data.data };
  }
}
