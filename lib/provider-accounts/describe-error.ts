import { isProviderError, type ProviderErrorCode } from "@/lib/providers";

const PLAIN: Record<ProviderErrorCode, string> = {
  auth: "The provider refused these credentials. Check the ID and the secret, and that they belong to this host.",
  not_found: "The provider answered, but not at this address. Check the base URL.",
  invalid_request: "The provider rejected the request. Check the base URL and the API version.",
  insufficient_funds: "The provider reports insufficient funds.",
  duplicate: "The provider reports a duplicate.",
  rate_limited: "The provider is limiting requests right now. Try again in a minute.",
  unavailable: "The provider could not be reached (no answer, a timeout or a server error). Check the base URL and try again.",
  unsupported: "The provider does not offer this check.",
  unknown: "The provider gave an answer Cardhub could not read. Check the base URL.",
};

/**
 * A provider failure in plain words, with the provider's own code and message beside it. Adapter messages are already
 * scrubbed of credentials (lib/providers/errors redact); nothing here adds any.
 */
export function describeProviderFailure(error: unknown): { message: string; providerDetail: string | null } {
  if (isProviderError(error)) {
    const detail = [error.httpStatus ? `HTTP ${error.httpStatus}` : null, error.providerCode, error.providerMessage].filter(Boolean).join(" · ");
    return { message: PLAIN[error.code], providerDetail: detail || null };
  }
  return { message: "The connection test failed before the provider answered.", providerDetail: null };
}
