import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { webhookEvents } from "@/db/schema/webhook-events";

export type WebhookEventRow = typeof webhookEvents.$inferSelect;

/** The active account whose webhook URL carries the secret of this digest (lib/provider-accounts/webhook-secret.ts). */
export async function findAccountByWebhookSecretDigest(
  db: DbOrTx,
  params: { provider: ProviderName; secretDigest: string },
): Promise<{ id: string; organizationId: string; label: string } | null> {
  const [row] = await db
    .select({
      id: providerAccounts.id,
      organizationId: providerAccounts.organizationId,
      label: providerAccounts.label,
    })
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.provider, params.provider),
        eq(providerAccounts.webhookSecretDigest, params.secretDigest),
        eq(providerAccounts.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Stores the event once per account and event id. Returns the id when it is new, null for a repeat. */
export async function insertWebhookEvent(
  db: DbOrTx,
  values: {
    providerAccountId: string;
    providerEventId: string;
    eventType: string;
    payload: Record<string, unknown>;
    error?: string;
    processedAt?: Date;
  },
): Promise<string | null> {
  const [row] = await db
    .insert(webhookEvents)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return row?.id ?? null;
}

/** Locks one unprocessed event for this transaction; null when another worker has it or it is done. */
export async function lockPendingWebhookEvent(db: DbOrTx, id: string): Promise<WebhookEventRow | null> {
  const [row] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.processedAt)))
    .for("update", { skipLocked: true })
    .limit(1);
  return row ?? null;
}

export async function markWebhookEventProcessed(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(webhookEvents)
    .set({ processedAt: sql`now()`, error: null })
    .where(eq(webhookEvents.id, id));
}

/**
 * A failed attempt: counted, with its message; after `giveUpAfter` attempts the event is closed with the error kept.
 * Says whether this attempt gave it up, and whose event it was.
 */
export async function markWebhookEventFailed(
  db: DbOrTx,
  params: { id: string; error: string; giveUpAfter: number },
): Promise<{ gaveUp: boolean; providerAccountId: string; providerEventId: string } | null> {
  const [row] = await db
    .update(webhookEvents)
    .set({
      attempts: sql`${webhookEvents.attempts} + 1`,
      error: params.error,
      processedAt: sql`case when ${webhookEvents.attempts} + 1 >= ${params.giveUpAfter} then now() else null end`,
    })
    .where(eq(webhookEvents.id, params.id))
    .returning({ processedAt: webhookEvents.processedAt, providerAccountId: webhookEvents.providerAccountId, providerEventId: webhookEvents.providerEventId });
  return row ? { gaveUp: row.processedAt !== null, providerAccountId: row.providerAccountId, providerEventId: row.providerEventId } : null;
}

/** Oldest unprocessed events first (partial index webhook_events_pending_idx). */
export async function listPendingWebhookEventIds(
  db: DbOrTx,
  params: { limit: number; receivedBefore?: Date },
): Promise<string[]> {
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.processedAt),
        params.receivedBefore ? lt(webhookEvents.receivedAt, params.receivedBefore) : undefined,
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
    .limit(params.limit);
  return rows.map((row) => row.id);
}
