import { isProviderError } from "./errors";

/** Errors after which we cannot tell whether the provider acted (no answer, a garbled one, a gateway's error). */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!isProviderError(error)) return true;
  return error.retryable || error.code === "unavailable" || error.code === "rate_limited" || error.code === "unknown";
}
