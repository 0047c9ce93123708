import type { Db } from "@/db/client";
import { findCardByProviderId, insertCard, listSyncableCards } from "@/db/queries/card-updates";
import { hasOpenIssueOrder } from "@/db/queries/provider-orders";
import { linkUnlinkedTransactions, listUnlinkedProviderCardIds } from "@/db/queries/transactions-ingest";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/funding";
import { forgetUnknownProviderCard, markProviderCardUnknown } from "@/db/queries/unknown-provider-cards";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { CurrencyMismatchError } from "@/lib/money";
import { supports, type Card, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { describeProviderFailure } from "@/lib/provider-accounts/describe-error";
import { recordAccountHealth } from "@/lib/provider-accounts/sync-health";
import { isCardUnknownToProvider } from "./provider-missing";
import { applyRemoteCard, cardColumnsFrom, readRemoteCard } from "./sync-card";

const MAX_PAGES = 50;
/** Card ids read one by one per sync from a provider that cannot list its cards. */
const MAX_NAMED_CARDS_PER_SYNC = 100;

/** The kind of provider_sync_status row card syncs write (beside "funding"). */
export const CARDS_SYNC = "cards";

export type SyncSummary = { updated: number; imported: number; failed: number; missing: number; lastError?: string };

/** A card the provider could not be asked about (not "card not found"): counted, and its error kept for the sync status. */
function countFailure(summary: SyncSummary, error: unknown): void {
  summary.failed += 1;
  summary.lastError = error instanceof Error ? error.message : "unknown error";
}

/** One known card read on its own: updated, missing at the provider, or failed (the provider's answer kept). */
async function syncOne(db: Db, provider: CardProvider, card: { id: string; providerCardId: string; currency: string }, summary: SyncSummary): Promise<void> {
  try {
    const readAt = new Date();
    if (await applyRemoteCard(db, card, await readRemoteCard(db, card.id, () => provider.getCard(card.providerCardId)), readAt)) summary.updated += 1;
  } catch (error) {
    if (isCardUnknownToProvider(error)) summary.missing += 1;
    else countFailure(summary, error);
  }
}

/**
 * A provider without a card list (Cardepass) still names its cards in their transactions, so a card issued outside
 * Cardhub shows up there first; a provider with a list may leave some out of it (closed cards). Each such card is read
 * on its own, imported like a listed card and its transactions linked to it. An id the provider says it does not know
 * stays unlinked and is recorded, so later syncs go on to the next ids instead of asking about it again.
 */
async function importCardsNamedByTransactions(
  db: Db,
  account: { id: string; organizationId: string; label: string },
  provider: CardProvider,
  summary: SyncSummary,
  alreadyListed: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (await hasOpenIssueOrder(db, account.id)) return;
  let imported = 0;
  for (const providerCardId of await listUnlinkedProviderCardIds(db, { providerAccountId: account.id, limit: MAX_NAMED_CARDS_PER_SYNC })) {
    if (alreadyListed.has(providerCardId)) continue;
    let remote: Card;
    try {
      remote = await provider.getCard(providerCardId);
    } catch (error) {
      if (isCardUnknownToProvider(error)) await markProviderCardUnknown(db, { providerAccountId: account.id, providerCardId });
      else countFailure(summary, error);
      continue;
    }
    if (remote.status !== "failed" && (await importCard(db, account, remote))) imported += 1;
  }
  if (imported === 0) return;
  summary.imported += imported;
  await linkUnlinkedTransactions(db, { providerAccountId: account.id });
}

/**
 * Brings every card of an account up to date. Cards issued outside Cardhub are imported as unassigned company cards:
 * from the provider's card list, or, where it has none, from the card ids its transactions name. Nothing is imported
 * while one of our own issue orders is still open (its card would otherwise be imported twice: once here, once when
 * the order completes).
 */
export async function syncAccountCards(db: Db, accountId: string): Promise<SyncSummary> {
  const account = await findProviderAccount(db, accountId);
  if (!account?.active) return { updated: 0, imported: 0, failed: 0, missing: 0 };
  const provider = await providerForAccount(db, accountId);
  const summary: SyncSummary = { updated: 0, imported: 0, failed: 0, missing: 0 };

  if (!supports(provider.capabilities, "listCards")) {
    for (const card of await listSyncableCards(db, { providerAccountId: accountId })) {
      await syncOne(db, provider, { id: card.id, providerCardId: card.providerCardId!, currency: card.currency }, summary);
    }
    await importCardsNamedByTransactions(db, account, provider, summary);
    return summary;
  }

  const mayImport = !(await hasOpenIssueOrder(db, accountId));
  const listed = new Set<string>();
  let cursor: string | undefined;
  let complete = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const readAt = new Date();
    const result = await provider.listCards({ cursor, pageSize: 100 });
    for (const remote of result.items) {
      listed.add(remote.providerCardId);
      const known = await findCardByProviderId(db, { providerAccountId: accountId, providerCardId: remote.providerCardId });
      if (known) {
        try {
          if (await applyRemoteCard(db, known, remote, readAt)) summary.updated += 1;
        } catch (error) {
          if (!(error instanceof CurrencyMismatchError)) throw error;
          countFailure(summary, error);
        }
      } else if (mayImport && remote.status !== "failed") {
        if (await importCard(db, account, remote)) summary.imported += 1;
      }
    }
    if (!result.nextCursor) {
      complete = true;
      break;
    }
    cursor = result.nextCursor;
  }
  // A card of ours the full listing left out is asked about on its own: only the provider's "card not found" marks it.
  if (complete) {
    for (const card of await listSyncableCards(db, { providerAccountId: accountId })) {
      if (!listed.has(card.providerCardId!)) await syncOne(db, provider, { id: card.id, providerCardId: card.providerCardId!, currency: card.currency }, summary);
    }
    // So is a card id that transactions name and the listing left out (a list may leave out closed cards).
    await importCardsNamedByTransactions(db, account, provider, summary, listed);
  }
  return summary;
}

async function importCard(db: Db, account: { id: string; organizationId: string; label: string }, remote: Card): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Checked again just before writing, in this order: an issue order that completes meanwhile is either still open
    // here or has already stored its card id, so its card is never imported a second time.
    if (await hasOpenIssueOrder(tx, account.id)) return false;
    if (await findCardByProviderId(tx, { providerAccountId: account.id, providerCardId: remote.providerCardId })) return false;
    const card = await insertCard(tx, {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      providerCardId: remote.providerCardId,
      cardModel: remote.model,
      alias: remote.alias?.trim() || `${account.label} card ${remote.last4 ?? remote.providerCardId.slice(-4)}`,
      tags: remote.tags,
      currency: remote.currency,
      ...cardColumnsFrom(remote, remote.currency),
    });
    await forgetUnknownProviderCard(tx, { providerAccountId: account.id, providerCardId: remote.providerCardId });
    await record(tx, await workerAuditContext(tx, null, account.organizationId), {
      action: "card.imported",
      targetType: "card",
      targetId: card.id,
      summary: { providerAccount: account.label, providerCardId: remote.providerCardId, maskedNumber: remote.maskedNumber, status: remote.status },
    });
    return true;
  });
}

export async function syncAllCards(db: Db): Promise<SyncSummary> {
  const total: SyncSummary = { updated: 0, imported: 0, failed: 0, missing: 0 };
  for (const account of await listProviderAccounts(db, { activeOnly: true })) {
    const at = new Date();
    try {
      const summary = await syncAccountCards(db, account.id);
      total.updated += summary.updated;
      total.imported += summary.imported;
      total.failed += summary.failed;
      total.missing += summary.missing;
      await recordAccountHealth(db, account.id, { ok: true, synced: true });
      if (summary.failed === 0) await recordSyncSuccess(db, { providerAccountId: account.id, kind: CARDS_SYNC, at });
      else await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: `${summary.failed} card(s) could not be read: ${summary.lastError}` });
    } catch (error) {
      total.failed += 1;
      await recordAccountHealth(db, account.id, { ok: false, error: describeProviderFailure(error).message }).catch(() => undefined);
      await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: error instanceof Error ? error.message : "unknown error" }).catch(() => undefined);
      console.warn(`[cards] sync of ${account.label} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  return total;
}
