import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import {
  findAccountByWebhookSecretDigest,
  insertWebhookEvent,
  listPendingWebhookEventIds,
  lockPendingWebhookEvent,
  markWebhookEventFailed,
  markWebhookEventProcessed,
} from "@/db/queries/transactions-webhooks";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { loggableError } from "@/lib/jobs/loggable-error";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { isProviderError } from "@/lib/providers/errors";
import { webhookSecretDigest } from "@/lib/provider-accounts/webhook-secret";
import { toWebhookEvent } from "@/lib/providers/nobepay/transform";
import { PROVIDER_NAMES, type ProviderName } from "@/lib/providers/types";
import { readCappedText } from "@/lib/webhooks/read-capped-body";
import { ingestTransactions } from "./ingest";
import { hideDigits, stripCardData } from "./strip-card-data";

export const MAX_WEBHOOK_BYTES = 256 * 1024;
const GIVE_UP_AFTER_ATTEMPTS = 5;
/** The webhook processing's health per account, beside the other background reads (provider_sync_status). */
export const WEBHOOKS_SYNC = "webhooks";

export type WebhookReceipt =
  | { status: 200; eventId: string; duplicate: boolean; storedId: string | null }
  | { status: 400; message: string }
  | { status: 404 }
  | { status: 413 };

/**
 * How deep a webhook body may nest. NobePay's event is two levels deep; a deeper body is refused before anything walks
 * it, since stripping card data (and storing the result) recurses once per level.
 */
const MAX_BODY_DEPTH = 32;

/** The provider ids an accepted event's job reads back (nobepay.md: eventId, data.transactionId, data.cardId). */
const EVENT_IDS: ReadonlySet<string> = new Set(["eventId", "transactionId", "cardId"]);

/** Whether a parsed JSON value nests deeper than `limit` objects and arrays (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (!item || typeof item !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Providers that send us transaction webhooks (the capability `webhooks`). */
function acceptsWebhooks(provider: ProviderName): boolean {
  switch (provider) {
    case "nobepay":
      return true;
    case "cardepass":
    case "cardopenapi":
      return false;
  }
}

function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

function invalidEventId(body: string): string {
  return `invalid:${createHash("sha256").update(body).digest("hex").slice(0, 32)}`;
}

/**
 * POST /api/webhooks/<provider>/<secret>. NobePay documents no signature, so the unguessable secret in the path is
 * what authenticates the sender: a wrong one is a 404 and nothing is stored. A valid event is stored once (card data
 * stripped) and answered 200 at once; a job turns it into a transaction. A body that is not a TRANSACTION event is
 * kept for inspection and answered 400. The body is read only once the secret is known good, and never past the cap.
 */
export async function receiveWebhook(
  db: Db,
  params: { provider: string; secret: string; body: ReadableStream<Uint8Array> | null },
): Promise<WebhookReceipt> {
  if (
    !isProviderName(params.provider) ||
    !acceptsWebhooks(params.provider) ||
    params.secret.length < 16 ||
    params.secret.length > 200
  )
    return { status: 404 };
  const account = await findAccountByWebhookSecretDigest(db, { provider: params.provider, secretDigest: webhookSecretDigest(params.secret) });
  if (!account) return { status: 404 };
  const body = await readCappedText(params.body, MAX_WEBHOOK_BYTES);
  if (body === null) return { status: 413 };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const tooDeep = nestedDeeperThan(json, MAX_BODY_DEPTH);
  const object =
    !tooDeep && json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const reject = async (message: string): Promise<WebhookReceipt> => {
    await insertWebhookEvent(db, {
      providerAccountId: account.id,
      providerEventId: invalidEventId(body),
      eventType: typeof object?.eventType === "string" ? object.eventType.slice(0, 100) : "invalid",
      payload: object
        ? (stripCardData(object) as Record<string, unknown>)
        : { body: hideDigits(body.slice(0, 4096)) },
      error: message,
      processedAt: new Date(),
    });
    return { status: 400, message };
  };
  if (!object) return reject(tooDeep ? `The body is nested more than ${MAX_BODY_DEPTH} levels deep.` : "The body is not a JSON object.");
  if (typeof object.eventType !== "string" || object.eventType.toUpperCase() !== "TRANSACTION")
    return reject("Only TRANSACTION events are accepted.");
  if (typeof object.eventId !== "string" || object.eventId.trim() === "" || object.eventId.length > 200)
    return reject("eventId is missing.");
  try {
    toWebhookEvent(object);
  } catch (error) {
    // The reason may quote the field's value, which may be anything the sender put there: its digits are hidden.
    return reject(
      `The transaction in the event cannot be read: ${error instanceof Error ? hideDigits(error.message) : "unknown error"}`,
    );
  }
  const storedId = await insertWebhookEvent(db, {
    providerAccountId: account.id,
    providerEventId: object.eventId,
    eventType: object.eventType,
    payload: stripCardData(object, EVENT_IDS) as Record<string, unknown>,
  });
  return { status: 200, eventId: object.eventId, duplicate: storedId === null, storedId };
}

/**
 * Turns one stored event into its transaction row, in one database transaction with marking it processed. A failed
 * attempt is kept on the event, worded by readFailureText; an error of Cardhub's own is named in the log. `movedCards`
 * collects the card the row moved money on (IngestSummary.movedCardIds), for the caller to have it read again.
 */
export async function processWebhookEvent(db: Db, id: string, movedCards?: Set<string>): Promise<"processed" | "skipped" | "failed"> {
  try {
    return await db.transaction(async (tx) => {
      const event = await lockPendingWebhookEvent(tx, id);
      if (!event) return "skipped";
      const account = await findProviderAccount(tx, event.providerAccountId);
      if (!account) throw new Error("the provider account is gone");
      const parsed = toWebhookEvent(event.payload, account.settings?.timeZone ?? "UTC");
      if (parsed.transaction) {
        const ingested = await ingestTransactions(
          tx,
          { id: account.id, organizationId: account.organizationId },
          [parsed.transaction],
          event.receivedAt,
        );
        for (const cardId of ingested.movedCardIds) movedCards?.add(cardId);
      }
      await markWebhookEventProcessed(tx, id);
      await recordSyncSuccess(tx, { providerAccountId: account.id, kind: WEBHOOKS_SYNC, at: new Date() });
      return "processed";
    });
  } catch (error) {
    if (!isProviderError(error)) console.warn(`[webhooks] processing event ${id} failed: ${loggableError(error)}`);
    const reason = readFailureText(error).slice(0, 500);
    const failed = await markWebhookEventFailed(db, { id, error: reason, giveUpAfter: GIVE_UP_AFTER_ATTEMPTS });
    if (failed?.gaveUp) {
      // Shown with the account's other reads (Settings, the admin overview): nobody reads webhook_events itself.
      await recordSyncFailure(db, {
        providerAccountId: failed.providerAccountId,
        kind: WEBHOOKS_SYNC,
        at: new Date(),
        message: `Event ${failed.providerEventId} was given up after ${GIVE_UP_AFTER_ATTEMPTS} attempts: ${reason.replace(/[.\s]+$/, "")}. The regular transaction sync still reads its transaction.`,
      });
    }
    return "failed";
  }
}

/** The sweep behind the per-event jobs: whatever was stored but not processed (a lost job, a crash) is done here. */
export async function processPendingWebhooks(
  db: Db,
  options: { limit?: number; olderThanMs?: number } = {},
): Promise<number> {
  const ids = await listPendingWebhookEventIds(db, {
    limit: options.limit ?? 500,
    receivedBefore: options.olderThanMs ? new Date(Date.now() - options.olderThanMs) : undefined,
  });
  let processed = 0;
  for (const id of ids) if ((await processWebhookEvent(db, id)) === "processed") processed += 1;
  return processed;
}
