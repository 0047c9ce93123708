import type { Db } from "@/db/client";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/funding";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findLastSyncSuccess, listStatementCards, upsertStatements, type NewStatement } from "@/db/queries/statements";
import type { StatementSource } from "@/db/schema/provider-statements";
import { providerForAccount } from "@/lib/providers/for-account";
import { supports, type CardProvider } from "@/lib/providers";
import type { AccountLog, TransactionQuery } from "@/lib/providers/types";
import { formatUtcDate } from "@/lib/format";

export const STATEMENTS_SYNC = "statements";

const PAGE_SIZE = 100;
/** A bound on one run, so a provider that keeps answering "more" cannot hold a worker forever. */
const MAX_PAGES = 200;
/** Lines already read are read again for this long, so pending lines pick up their final status. */
const OVERLAP_DAYS = 3;

export function toStatementRow(log: AccountLog, ctx: { providerAccountId: string; source: StatementSource; cardId: string | null; at: Date }): NewStatement {
  return {
    providerAccountId: ctx.providerAccountId,
    source: ctx.source,
    providerLogId: log.providerLogId,
    cardId: ctx.cardId,
    providerCardId: log.providerCardId,
    providerOrderId: log.providerOrderId,
    type: log.type,
    direction: log.direction,
    currency: log.amount.currency,
    // Signed as the provider's document writes it (the adapter never re-signs Cardepass amounts).
    amount: log.amount.amount,
    fee: log.fee?.amount ?? null,
    feeItems: log.feeItems.map((item) => ({ type: item.type, amount: item.amount.amount.toString(), currency: item.amount.currency })),
    total: log.total?.amount ?? null,
    availableAfter: log.availableAfter?.amount ?? null,
    blockedAfter: log.blockedAfter?.amount ?? null,
    status: log.status,
    note: log.note,
    occurredAt: log.occurredAt ?? log.completedAt ?? ctx.at,
    completedAt: log.completedAt,
    syncedAt: ctx.at,
  };
}

async function readAll(provider: CardProvider, query: TransactionQuery): Promise<AccountLog[]> {
  const logs: AccountLog[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await provider.accountLogs({ ...query, cursor, pageSize: PAGE_SIZE });
    logs.push(...result.items);
    if (!result.nextCursor || result.nextCursor === cursor) break;
    cursor = result.nextCursor;
  }
  // Providers answer newest first; stored oldest first, so ids rise with time and break ties in the right order.
  return logs.reverse();
}

export type StatementSyncResult = { ok: true; lines: number } | { ok: false; message: string };

/**
 * Reads an account's statements (the funding account's ledger where the provider has one, and each card's) and
 * stores every line once; a failure records the provider's answer as the account's last statements error.
 */
export async function syncAccountStatements(db: Db, accountId: string, params: { full?: boolean } = {}): Promise<StatementSyncResult> {
  const at = new Date();
  try {
    const provider = await providerForAccount(db, accountId);
    if (!supports(provider.capabilities, "accountLogs")) {
      await recordSyncSuccess(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at });
      return { ok: true, lines: 0 };
    }
    // After a first full read, only the last few days are read again.
    const since = params.full ? null : await findLastSyncSuccess(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC });
    const from = since ? formatUtcDate(new Date(since.getTime() - OVERLAP_DAYS * 86_400_000)) : undefined;
    const accountCards = await listStatementCards(db, { providerAccountId: accountId });
    const cardIdOf = new Map(accountCards.map((card) => [card.providerCardId, card.id]));
    const rows: NewStatement[] = [];
    if (!provider.capabilities.accountLogsRequireCard) {
      for (const log of await readAll(provider, { from })) {
        rows.push(toStatementRow(log, { providerAccountId: accountId, source: "account", cardId: log.providerCardId ? (cardIdOf.get(log.providerCardId) ?? null) : null, at }));
      }
    }
    for (const card of accountCards) {
      for (const log of await readAll(provider, { cardId: card.providerCardId, from: card.read ? from : undefined })) {
        rows.push(toStatementRow(log, { providerAccountId: accountId, source: "card", cardId: card.id, at }));
      }
    }
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await upsertStatements(tx, rows.slice(i, i + 500));
      await recordSyncSuccess(tx, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at });
    });
    return { ok: true, lines: rows.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : "unknown error";
    await recordSyncFailure(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at, message });
    return { ok: false, message };
  }
}

export type StatementSyncSummary = { synced: number; lines: number; failed: { accountId: string; label: string; message: string }[] };

/** Every active account (of one organisation, or all); one account failing does not stop the others. */
export async function syncAllStatements(db: Db, params: { organizationId?: string; accountId?: string; full?: boolean } = {}): Promise<StatementSyncSummary> {
  const accounts = (await listProviderAccounts(db, { organizationId: params.organizationId, activeOnly: true })).filter(
    (account) => !params.accountId || account.id === params.accountId,
  );
  const summary: StatementSyncSummary = { synced: 0, lines: 0, failed: [] };
  for (const account of accounts) {
    const result = await syncAccountStatements(db, account.id, { full: params.full });
    if (result.ok) {
      summary.synced += 1;
      summary.lines += result.lines;
    } else summary.failed.push({ accountId: account.id, label: account.label, message: result.message });
  }
  return summary;
}
