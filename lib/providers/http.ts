/**
 * Shared HTTP transport for the provider adapters: per-attempt timeout, retries for 5xx, 429
 * (honouring Retry-After) and timeouts with exponential backoff + jitter inside a bounded total
 * time. Redirects are never followed: a 3xx is an answer Cardhub cannot read. Business errors are never retried here:
 * any other status is returned to the adapter.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ProviderError, redact } from "@/lib/providers/errors";
import { noteSentSecrets, sentSecrets } from "@/lib/providers/secret-scope";
import type { TokenCache } from "@/lib/providers/token-cache";
import type { ProviderName } from "@/lib/providers/types";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type ProviderLogEvent = {
  provider: ProviderName;
  account?: string;
  operation: string;
  method: string;
  path: string;
  attempt: number;
  status?: number;
  responseId?: string;
  code?: string;
  delayMs?: number;
  durationMs?: number;
  message?: string;
};

export type ProviderLogger = {
  warn(event: ProviderLogEvent): void;
  error(event: ProviderLogEvent): void;
};

export const consoleLogger: ProviderLogger = {
  warn: (event) => console.warn(JSON.stringify({ level: "warn", msg: "provider call retry", ...event })),
  error: (event) => console.error(JSON.stringify({ level: "error", msg: "provider call failed", ...event })),
};

export const silentLogger: ProviderLogger = { warn: () => {}, error: () => {} };

export type HttpClientOptions = {
  provider: ProviderName;
  accountId?: string;
  baseUrl: string;
  timeoutMs?: number;
  maxRetryMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  fetch?: FetchLike;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: ProviderLogger;
  /** The account's secret credential values: scrubbed from anything logged, and from the errors of the adapter call. */
  secrets?: () => readonly (string | undefined)[];
  /** Reads the provider's response id from a parsed body, for logs and errors. */
  responseIdOf?: (body: unknown) => string | undefined;
};

/**
 * "idempotent": safe to repeat (reads, and mutations the provider de-duplicates by key): retry 5xx,
 * 429 and timeouts. "once": a repeat could duplicate money movement: retry only when the provider
 * provably did not process the request (429, connection refused).
 */
export type RetryMode = "idempotent" | "once";

export type HttpRequest = {
  operation: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Evaluated per attempt, so nonces, timestamps and refreshed tokens are fresh. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  retry?: RetryMode;
  /** Secret values this request carries besides the account's own (its access token), scrubbed like them. */
  secrets?: readonly string[];
};

export type HttpResponse = {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  malformed: boolean;
  responseId?: string;
  attempts: number;
  /**
   * How many of the attempts before this answer the provider certainly did not carry out: refused with 429 or with a
   * 503 that says when to come back (Retry-After), or never connected. The others may have run, their answer lost.
   */
  notCarriedOut: number;
};

/** Test seams for an adapter: fetch, clock, sleep, random, logger, and an isolated token cache. */
export type ApiDeps = {
  http?: Partial<Omit<HttpClientOptions, "provider" | "baseUrl">>;
  tokenCache?: TokenCache;
};

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRY_MS = 30_000;

const requestHook = new AsyncLocalStorage<() => Promise<void>>();

/**
 * Runs `work` with `hook` awaited right before each request attempt it sends, token fetches excepted (see
 * outsideRequestHook): how the order code stamps the moment a money-moving request actually leaves.
 */
export function beforeEachRequest<T>(hook: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  return requestHook.run(hook, work);
}

/** A token fetch serves every caller of the account, not the request that happened to need it. */
export function outsideRequestHook<T>(work: () => Promise<T>): Promise<T> {
  return requestHook.exit(work);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function buildUrl(baseUrl: string, path: string, query?: HttpRequest["query"]): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Retry-After as seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

type AttemptFailure = { kind: "timeout" | "network"; refused: boolean; detail: string };

function classifyFetchError(error: unknown, timedOut: boolean): AttemptFailure {
  if (timedOut) return { kind: "timeout", refused: false, detail: "timed out" };
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  return { kind: "network", refused, detail: code ?? "network error" };
}

/**
 * Where a redirect pointed, for the admin correcting the base URL: origin and path only. The query, the fragment and
 * any user info are dropped, since a redirect target may carry a session or a token there.
 */
function redirectTarget(location: string | null, from: string): string | undefined {
  if (!location) return undefined;
  try {
    const target = new URL(location, from);
    return `${target.origin}${target.pathname}`;
  } catch {
    return undefined;
  }
}

export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, "accountId" | "responseIdOf">> &
    Pick<HttpClientOptions, "accountId" | "responseIdOf">;

  constructor(options: HttpClientOptions) {
    this.o = {
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxRetryMs: DEFAULT_MAX_RETRY_MS,
      maxAttempts: 5,
      baseDelayMs: 200,
      maxDelayMs: 5_000,
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      sleep: realSleep,
      random: Math.random,
      logger: consoleLogger,
      secrets: () => [],
      // An explicit `undefined` (e.g. settings.timeoutMs not set) must not erase a default.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as HttpClientOptions),
    };
  }

  get provider(): ProviderName {
    return this.o.provider;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exp / 2 + this.o.random() * (exp / 2));
  }

  private log(level: "warn" | "error", event: Omit<ProviderLogEvent, "provider" | "account">): void {
    const message = event.message ? redact(event.message, this.o.secrets()) : undefined;
    this.o.logger[level]({ provider: this.o.provider, account: this.o.accountId, ...event, message });
  }

  private redirectRefused(req: HttpRequest, response: HttpResponse, url: string, attempt: number, start: number): ProviderError {
    const status = response.status;
    const target = redirectTarget(response.headers.get("location"), url);
    // Scrubbed before it is cut short, so no part of a secret survives; outside an adapter call the scope holds none.
    const where = target ? ` to ${redact(target, [...this.o.secrets(), ...(req.secrets ?? []), ...sentSecrets()]).slice(0, 200)}` : "";
    const redirected = `Redirected${where}; Cardhub does not follow redirects.`;
    const error = new ProviderError("unknown", {
      provider: this.o.provider,
      message: `The card provider answered HTTP ${status}. ${redirected} Check the account's base URL.`,
      providerMessage: redirected,
      httpStatus: status,
      responseId: response.responseId,
      retryable: false,
    });
    this.log("error", {
      operation: req.operation,
      method: req.method,
      path: req.path,
      attempt,
      status,
      responseId: response.responseId,
      code: error.code,
      durationMs: this.o.now() - start,
      message: `HTTP ${status} redirect not followed`,
    });
    return error;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const mode = req.retry ?? "idempotent";
    const start = this.o.now();
    const deadline = start + this.o.maxRetryMs;
    const url = buildUrl(this.o.baseUrl, req.path, req.query);
    const logBase = { operation: req.operation, method: req.method, path: req.path };
    // SECURITY: whatever this call's errors say, built from this answer or later, is scrubbed of what it sends.
    noteSentSecrets([...this.o.secrets(), ...(req.secrets ?? [])]);

    let notCarriedOut = 0;
    for (let attempt = 1; ; attempt++) {
      await requestHook.getStore()?.();
      const timeout = attempt === 1 ? this.o.timeoutMs : Math.min(this.o.timeoutMs, Math.max(1, deadline - this.o.now()));
      const headers: Record<string, string> = { Accept: "application/json", ...(await req.headers?.()) };
      let body: string | undefined;
      if (req.json !== undefined) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(req.json);
      } else if (req.form) {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(req.form).toString();
      }

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      let failure: AttemptFailure | undefined;
      let response: HttpResponse | undefined;
      try {
        // no-store: inside Next.js, fetch may otherwise keep answers (card details among them) in its data cache.
        // SECURITY: manual: a 307/308 would send the same headers and body, credentials included, to whatever origin
        // its Location names; a stored secret is only ever sent where it was entered for.
        const res = await this.o.fetch(url, { method: req.method, headers, body, signal: controller.signal, cache: "no-store", redirect: "manual" });
        const text = await res.text();
        let parsed: unknown;
        let malformed = false;
        if (text.trim() !== "") {
          try {
            parsed = JSON.parse(text);
          } catch {
            malformed = true;
          }
        }
        const responseId = parsed !== undefined ? this.o.responseIdOf?.(parsed) : undefined;
        response = { status: res.status, headers: res.headers, text, body: parsed, malformed, responseId, attempts: attempt, notCarriedOut };
      } catch (error) {
        failure = classifyFetchError(error, timedOut);
      } finally {
        clearTimeout(timer);
      }

      const status = response?.status;
      if (response && status !== undefined && status >= 300 && status < 400) throw this.redirectRefused(req, response, url, attempt, start);
      const retryableStatus = status !== undefined && (status === 429 || status >= 500);
      if (response && !retryableStatus) return response;

      const mayRepeat =
        mode === "idempotent" || status === 429 || (failure?.kind === "network" && failure.refused);
      let delay = this.backoff(attempt);
      let retryAfterMs: number | undefined;
      if (status === 429 || status === 503) {
        retryAfterMs = parseRetryAfter(response?.headers.get("retry-after") ?? null, this.o.now());
        if (retryAfterMs !== undefined) delay = retryAfterMs;
      }
      const withinBudget = this.o.now() + delay < deadline && attempt < this.o.maxAttempts;
      const code = status === 429 ? "rate_limited" : "unavailable";
      const detail = failure ? failure.detail : `HTTP ${status}`;

      if (mayRepeat && withinBudget) {
        if (status === 429 || retryAfterMs !== undefined || (failure?.kind === "network" && failure.refused)) notCarriedOut += 1;
        this.log("warn", { ...logBase, attempt, status, responseId: response?.responseId, code, delayMs: delay, message: detail });
        await this.o.sleep(delay);
        continue;
      }

      const seconds = Math.round(timeout / 100) / 10;
      // The whole wait, not one attempt's: a person who waited 30 s through two attempts is not told "within 14.8 s".
      const waited = Math.round((this.o.now() - start) / 100) / 10;
      const uncertain = mode === "once" && !mayRepeat && (failure?.kind === "timeout" || (status ?? 0) >= 500);
      // What to do next, unless the operation may have been carried out (then: check the card, below).
      const later = uncertain ? "" : " Try again later.";
      const message =
        failure?.kind === "timeout"
          ? `The card provider did not answer${attempt > 1 ? ` in ${waited} s (${attempt} attempts of up to ${seconds} s)` : ` within ${seconds} s`}.${later}`
          : failure
            ? `The card provider could not be reached (${failure.detail}${attempt > 1 ? `, ${attempt} attempts` : ""}).${later}`
            : status === 429
              ? "The card provider is receiving too many requests. Try again in a moment."
              : `The card provider had an internal error (HTTP ${status}${attempt > 1 ? `, ${attempt} attempts` : ""}).${later}`;
      const error = new ProviderError(code, {
        provider: this.o.provider,
        message: uncertain
          ? `${message} The provider may or may not have carried out the operation; check the card before repeating it.`
          : message,
        httpStatus: status,
        responseId: response?.responseId,
        retryable: true,
        retryAfterMs,
      });
      this.log("error", {
        ...logBase,
        attempt,
        status,
        responseId: response?.responseId,
        code,
        durationMs: this.o.now() - start,
        message: mode === "once" && !mayRepeat ? `${detail}; not repeated (not idempotent)` : detail,
      });
      throw error;
    }
  }
}
