import { sentSecrets } from "@/lib/providers/secret-scope";
import type { ProviderName } from "@/lib/providers/types";

export const PROVIDER_ERROR_CODES = [
  "auth",
  "not_found",
  "invalid_request",
  "insufficient_funds",
  "duplicate",
  "rate_limited",
  "unavailable",
  "unsupported",
  "unknown",
] as const;

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

const DEFAULT_MESSAGES: Record<ProviderErrorCode, string> = {
  auth: "The card provider rejected the account credentials. Check the provider account settings.",
  not_found: "The card provider does not know this card or order.",
  invalid_request: "The card provider rejected the request as invalid.",
  insufficient_funds: "There is not enough money in the funding account (or on the card) for this operation.",
  duplicate: "The card provider already has an order with this reference, so it was not created again.",
  rate_limited: "The card provider is receiving too many requests. Try again in a moment.",
  unavailable: "The card provider is not reachable right now. Try again later.",
  unsupported: "This card provider does not offer this operation.",
  unknown: "The card provider returned an unexpected answer.",
};

export type ProviderErrorOptions = {
  message?: string;
  provider?: ProviderName;
  providerCode?: string;
  providerMessage?: string;
  responseId?: string;
  httpStatus?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  /** not_found read from a successful answer (a filtered list that came back empty), not from an error code. */
  recordAbsent?: boolean;
  cause?: unknown;
};

const PAN_LIKE = /\d(?:[ -]?\d){11,18}/g;

/**
 * A secret as an answer may quote it back: as sent in a JSON body, a URL or a form body, or decoded. (No adapter sends
 * credentials as HTTP basic auth, so no base64 form is needed.)
 */
function quotedForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Defensive scrub for any text that reaches an error message or a log line: runs of 12–19
 * digits (card numbers) are masked, and any explicitly known secret values are replaced, in every form an answer may
 * quote them.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of quotedForms(secret)) out = out.split(form).join("[redacted]");
  }
  return out.replace(PAN_LIKE, (match) => {
    const digits = match.replace(/\D/g, "");
    return digits.length >= 12 ? `${digits.slice(0, 6)}******${digits.slice(-4)}` : match;
  });
}

/**
 * SECURITY: a provider's own text as Cardhub may show or store it: scrubbed of the credentials the current adapter call
 * sent (lib/providers/secret-scope) and of card numbers, then cut short. Call it inside the adapter call.
 */
export function scrubbedProviderText(text: string): string {
  return redact(text, sentSecrets()).slice(0, 300);
}

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly provider?: ProviderName;
  readonly providerCode?: string;
  /** The provider's own message, scrubbed of card numbers and of the credentials sent. Shown to operators only as a detail. */
  readonly providerMessage?: string;
  readonly responseId?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly recordAbsent: boolean;

  constructor(code: ProviderErrorCode, options: ProviderErrorOptions = {}) {
    // SECURITY: scrubbed of the credentials this adapter call sent (lib/providers/secret-scope), before it is cut short.
    const secrets = sentSecrets();
    const providerMessage = options.providerMessage ? scrubbedProviderText(options.providerMessage) : undefined;
    const base = redact(options.message ?? DEFAULT_MESSAGES[code], secrets);
    super(providerMessage && !base.includes(providerMessage) ? `${base} (provider says: ${providerMessage})` : base, {
      cause: options.cause,
    });
    this.name = "ProviderError";
    this.code = code;
    this.provider = options.provider;
    this.providerCode = options.providerCode === undefined ? undefined : redact(options.providerCode, secrets);
    this.providerMessage = providerMessage;
    this.responseId = options.responseId;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? (code === "rate_limited" || code === "unavailable");
    this.retryAfterMs = options.retryAfterMs;
    this.recordAbsent = options.recordAbsent ?? false;
  }

  /** Safe to log and to return to the UI: no secrets, no cause chain. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      provider: this.provider,
      providerCode: this.providerCode,
      responseId: this.responseId,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
    };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

export function unsupported(provider: ProviderName, operation: string, why?: string): ProviderError {
  return new ProviderError("unsupported", {
    provider,
    message: `${providerLabel(provider)} does not offer "${operation}"${why ? `: ${why}` : "."}`,
  });
}

export function providerLabel(provider: ProviderName): string {
  return provider === "cardepass" ? "Cardepass" : provider === "nobepay" ? "NobePay" : "Card OPEN-API";
}

/** Generic HTTP status → code mapping, used when the body has nothing more specific. */
export function codeForHttpStatus(status: number): ProviderErrorCode {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 409) return "duplicate";
  if (status === 429) return "rate_limited";
  if (status === 408 || status >= 500) return "unavailable";
  if (status >= 400) return "invalid_request";
  return "unknown";
}
