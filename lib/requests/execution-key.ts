import { createHash } from "node:crypto";

/**
 * The idempotency key (provider_orders.id, sent as the customer order number) of a request's n-th execution.
 * The first execution uses the request's own id; a retry after the provider definitively refused gets a key
 * derived from (request id, attempt), the same on every machine and every rerun. A retry after anything short of
 * a definitive refusal keeps the attempt, hence the key, so the provider can only ever see one order for it.
 */
export function executionKey(requestId: string, attempt: number): string {
  if (attempt <= 1) return requestId;
  const hex = createHash("sha256").update(`card-request:${requestId}:execution:${attempt}`).digest("hex");
  // Shaped as an RFC 4122 version-5-style UUID so it fits the uuid column.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
