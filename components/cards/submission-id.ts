import { useMemo, useRef } from "react";
import type { ActionResult } from "@/lib/actions/result";

/**
 * A random (version 4) id. crypto.randomUUID exists only on secure pages (HTTPS or localhost); a self-hosted Cardhub
 * reached over plain HTTP still has crypto.getRandomValues.
 */
export function newSubmissionId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether the server's answer leaves the outcome unknown: it failed midway, after it may have placed the order. */
export function outcomeUnknown(result: ActionResult<unknown>): boolean {
  return !result.ok && result.error.code === "internal";
}

/**
 * Money boundary: the order id sent with a card action, so that sending it again after its answer was lost follows
 * the order the first call placed instead of placing a second (lib/cards/repeated-order.ts). One id per dialog
 * opening (or form): kept while the outcome is unknown, renewed once the server answered or the dialog closes.
 */
export function useSubmissionId() {
  const id = useRef<string | null>(null);
  return useMemo(
    () => ({
      /** This submission's id, made on first use. */
      current: () => (id.current ??= newSubmissionId()),
      /** A known outcome ends this submission; an unknown one keeps its id for the retry. */
      answered: (result: ActionResult<unknown>) => {
        if (!outcomeUnknown(result)) id.current = null;
      },
      /** The dialog closed: its next opening is a new submission. */
      renew: () => {
        id.current = null;
      },
    }),
    [],
  );
}
