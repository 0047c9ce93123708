import type { BackgroundSyncHealth, SyncHealth } from "@/db/queries/provider-sync-status";
import { formatUtcDateTime } from "@/lib/format";
import { productsRefreshOutcome } from "@/lib/products/products-refresh-outcome";

export type PartialProductsRead = { summary: string; unread: string[] };

/**
 * An account's last products refresh when it read some products and not others (products-refresh-outcome.ts), as an
 * account's status line says it: "read <time>, N could not be read", and each unread product's reason. Null otherwise.
 */
export function partialProductsRead(health: SyncHealth | undefined): PartialProductsRead | null {
  const outcome = productsRefreshOutcome(health);
  if (outcome.state !== "partial") return null;
  return { summary: `read ${formatUtcDateTime(outcome.at)}, ${outcome.unread.length.toLocaleString("en-US")} could not be read`, unread: outcome.unread };
}

/** One account's products read among the organisation's background reads. */
export function productsReadOf(rows: readonly BackgroundSyncHealth[], accountId: string): BackgroundSyncHealth | undefined {
  return rows.find((row) => row.accountId === accountId && row.kind === "products");
}
