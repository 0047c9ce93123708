// The account form's browser code reads this file too: only types from the adapter, nothing that reaches a provider.
import type { CardepassDocumentVersion } from "@/lib/providers/cardepass/cardepass-provider";

export const CARDEPASS_VERSION_PROBLEM = "A Cardepass account follows document v1 or v2.";

/**
 * The Cardepass document version typed in an account's form, in any capitals; undefined when left blank. Anything but
 * v1 or v2 is refused: the adapter reads every other value as v1 (cardepassDocumentVersion), which a v2 account's
 * top-ups cannot use.
 */
export function typedCardepassVersion(text: string | undefined): { version: CardepassDocumentVersion | undefined } | { problem: string } {
  const value = text?.trim().toLowerCase() ?? "";
  if (!value) return { version: undefined };
  return value === "v1" || value === "v2" ? { version: value } : { problem: CARDEPASS_VERSION_PROBLEM };
}
