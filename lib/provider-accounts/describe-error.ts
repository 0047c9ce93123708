import { credentialsSchemas, isProviderError, type ProviderErrorCode, type ProviderName } from "@/lib/providers";

const PLAIN: Record<ProviderErrorCode, string> = {
  auth: "The provider refused these credentials. Check the ID and the secret, and that they belong to this host.",
  not_found: "The provider answered, but not at this address. Check the base URL.",
  invalid_request: "The provider rejected the request. Check the base URL and the API version.",
  insufficient_funds: "The provider reports insufficient funds.",
  duplicate: "The provider reports a duplicate.",
  rate_limited: "The provider is limiting requests right now. Try again in a minute.",
  unavailable: "The provider could not be reached (no answer, or none in time). Check the base URL and try again.",
  unsupported: "The provider does not offer this check.",
  unknown: "The provider gave an answer Cardhub could not read. Check the base URL.",
};

const SERVER_ERROR = "The provider answered with a server error: the trouble is on its side, not in these settings. Try again in a few minutes.";

/** An answer with a 5xx status came from the provider's own server: the address reached it. */
const answeredWithServerError = (error: { code: ProviderErrorCode; httpStatus?: number | null }) => error.code === "unavailable" && (error.httpStatus ?? 0) >= 500;

/**
 * A provider failure in plain words, with the provider's own code and message beside it. Adapter messages are already
 * scrubbed of credentials (lib/providers/errors redact); nothing here adds any.
 */
export function describeProviderFailure(error: unknown): { message: string; providerDetail: string | null } {
  if (isProviderError(error)) {
    const detail = [error.httpStatus ? `HTTP ${error.httpStatus}` : null, error.providerCode, error.providerMessage].filter(Boolean).join(" · ");
    return { message: answeredWithServerError(error) ? SERVER_ERROR : PLAIN[error.code], providerDetail: detail || null };
  }
  return { message: "The connection test failed before the provider answered.", providerDetail: null };
}

/**
 * The form fields a failed check points at, so the dialog marks the one to correct: the credentials when the provider
 * refused them, the base URL when the answer came from the wrong place or none came. Other failures (a rate limit)
 * are no field's fault and stay in the form's message.
 */
export function failureFields(error: unknown, provider: ProviderName): Record<string, string> | undefined {
  if (!isProviderError(error)) return undefined;
  if (error.code === "auth") {
    const names = Object.keys(credentialsSchemas[provider].shape);
    return Object.fromEntries(names.map((name) => [`credentials.${name}`, "The provider refused the credentials: check this value."]));
  }
  if (answeredWithServerError(error)) return undefined;
  if (error.code === "not_found" || error.code === "unavailable" || error.code === "unknown" || error.code === "invalid_request") {
    return { baseUrl: PLAIN[error.code] };
  }
  return undefined;
}
