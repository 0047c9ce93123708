import type { SyncHealth } from "@/db/queries/provider-sync-status";
import { isFailing } from "@/lib/provider-accounts/background-sync";

/**
 * How an account's last products refresh went, as its products sync status (provider_sync_status) holds it: a
 * refresh that read some products whole and not others records its success and its error at the same instant, the
 * error naming what it could not read; a later success or failure moves one of the two on.
 */
export type ProductsRefreshOutcome =
  | { state: "never" }
  | { state: "refreshed"; at: Date }
  | { state: "partial"; at: Date; unread: string[] }
  | { state: "failed"; at: Date; reasons: string[] };

/** Each product's reasons on a line of their own; each line but the last ends in ";" so the text still reads as one where it is shown inline. */
const LINE_BREAK = ";\n";

/** The products that could not be read, one reason text per product, as stored in the sync status. */
export function unreadProductsText(lines: readonly string[]): string {
  return lines.map((line) => line.replace(/\s+/g, " ").trim()).join(LINE_BREAK);
}

function reasonLines(text: string | null): string[] {
  const lines = (text ?? "").split(LINE_BREAK).filter((line) => line.trim() !== "");
  return lines.length > 0 ? lines : ["No reason was given."];
}

export function productsRefreshOutcome(health: SyncHealth | undefined): ProductsRefreshOutcome {
  if (!health) return { state: "never" };
  const { lastSuccessAt, lastErrorAt } = health;
  if (lastSuccessAt && lastErrorAt && lastSuccessAt.getTime() === lastErrorAt.getTime()) {
    return { state: "partial", at: lastSuccessAt, unread: reasonLines(health.lastError) };
  }
  if (isFailing(health)) return { state: "failed", at: lastErrorAt!, reasons: reasonLines(health.lastError) };
  return lastSuccessAt ? { state: "refreshed", at: lastSuccessAt } : { state: "never" };
}
