import type { Db } from "@/db/client";
import { findLastSyncSuccess, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { linkStatementCards, listStatementCards, upsertStatements, type NewStatement } from "@/db/queries/statements";
import { forgetCaughtUpWalks, keepWalkCheckpoint, listWalkCheckpoints, saveWalkCheckpoints, type WalkCheckpoint } from "@/db/queries/sync-walks";
import { withSessionLock, type SessionLockOutcome } from "@/db/queries/session-lock";
import type { StatementSource } from "@/db/schema/provider-statements";
import { learnFeesFromStatements } from "@/lib/fees/learn-fees-from-statements";
import { formatUtcDate } from "@/lib/format";
import { loggableError } from "@/lib/jobs/loggable-error";
import { readFailureText, syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { isProviderError, supports, type AccountLog, type CardProvider, type ProviderName } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { deepListingName, readDeep } from "./deep-read";
import { walkLedger, type LedgerDates, type LedgerPosition, type WalkLimits, type WalkStep } from "./statement-walk";

export const STATEMENTS_SYNC = "statements";
/** Checkpoint names of the statement listings: "statements:account", "statements:card:<card id>". */
const LISTINGS = "statements:";

const PAGE_SIZE = 100;
const MAX_PAGES = 200;
/** Lines already read are read again for this long, so pending lines pick up their final status. */
const OVERLAP_DAYS = 3;
/** The deep re-read's share of one run: the rest waits for the next run (each ledger's walk goes on where it stopped). */
const DEEP_PAGES_PER_RUN = 400;

/** A provider answer about the whole account rather than one ledger: reading the next card would fail the same way. */
const ACCOUNT_WIDE = new Set(["auth", "unavailable", "rate_limited"]);

/** Whether a ledger's read failure ends the run's reading of the account (any failure but one ledger's own answer). */
export function endsTheRun(error: unknown): boolean {
  return !isProviderError(error) || ACCOUNT_WIDE.has(error.code);
}

/** A ledger's read failure as the account's sync status lists it; one of Cardhub's own is named in the log. */
export function readProblem(listing: Listing, error: unknown): string {
  if (!isProviderError(error)) console.warn(`[statements] reading ${listing.label} failed: ${loggableError(error)}`);
  return `${listing.label}: ${readFailureText(error)}`;
}

/**
 * How each provider's ledger may be asked by date. Cardepass (accounts/accountLogs, accounts/cardAccountLogs): v1 makes
 * TransactionDateFrom/To required and v2 advises a range of no more than 3 months ("查询时间范围不建议超过3个月"), so a
 * walk asks 90 days at a time; with no line below a window, a first read goes back at most 5 years (where the provider
 * will not say whether anything is older). NobePay's card/order/list takes no dates: it is paged from its newest entry.
 */
export function ledgerDates(provider: ProviderName): LedgerDates {
  switch (provider) {
    case "cardepass":
      return { windowDays: 90, historyDays: 5 * 365 };
    case "nobepay":
    case "cardopenapi":
      return null;
  }
}

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
    // Signed for the balance the line moves (the adapter's AccountLog.amount): the funding account's, or the card's own.
    amount: log.amount.amount,
    // MONEY: the fee and the total each keep the currency the provider states for them, which may not be the line's.
    fee: log.fee?.amount ?? null,
    feeCurrency: log.fee?.currency ?? null,
    feeItems: log.feeItems.map((item) => ({ type: item.type, amount: item.amount.amount.toString(), currency: item.amount.currency })),
    total: log.total?.amount ?? null,
    totalCurrency: log.total?.currency ?? null,
    availableAfter: log.availableAfter?.amount ?? null,
    blockedAfter: log.blockedAfter?.amount ?? null,
    status: log.status,
    note: log.note,
    occurredAt: log.occurredAt ?? log.completedAt ?? ctx.at,
    completedAt: log.completedAt,
    syncedAt: ctx.at,
  };
}

/** One ledger: the funding account's or one card's. `mark`: how far it is read (null: never to its end). */

export type Listing = { name: string; label: string; source: StatementSource; cardId: string | null; providerCardId?: string; mark: Date | null };

export type Run = { db: Db; provider: CardProvider; accountId: string; at: Date; full: boolean; limits: WalkLimits; dates: LedgerDates; cardIdOf: Map<string, string> };

/** One ledger's walk from `position`. */
export function walkOf(run: Run, listing: Listing, position: LedgerPosition, limits: WalkLimits = run.limits): Promise<WalkStep> {
  return walkLedger((query) => run.provider.accountLogs({ ...query, cardId: listing.providerCardId }), position, limits, run.dates);
}

/** The step's lines as rows, oldest first, so ids rise with time and break ties in the provider's order. */
export function rowsOf(run: Run, listing: Listing, step: WalkStep): NewStatement[] {
  return [...step.logs].reverse().map((log) => {
    const cardId = listing.cardId ?? (log.providerCardId ? (run.cardIdOf.get(log.providerCardId) ?? null) : null);
    return toStatementRow(log, { providerAccountId: run.accountId, source: listing.source, cardId, at: run.at });
  });
}

/** Stores lines with the checkpoints that say how far they were read, in one transaction. */
export async function storeLines(run: Run, rows: NewStatement[], checkpoints: WalkCheckpoint[]): Promise<void> {
  await run.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await upsertStatements(tx, rows.slice(i, i + 500));
    await learnFeesFromStatements(tx, { provider: run.provider.name, lines: rows });
    if (checkpoints.length > 0) await saveWalkCheckpoints(tx, { providerAccountId: run.accountId, checkpoints });
  });
}

type ListingOutcome = { lines: number; caughtUp: boolean; problem?: string; stop?: boolean };

/**
 * Reads one ledger from where its walk stands and commits its lines with its checkpoint, so neither another ledger's
 * failure nor a later one loses them. `caughtUp`: read to its end within this run, with no checkpoint written.
 */
async function syncListing(run: Run, listing: Listing, checkpoint: WalkCheckpoint | undefined): Promise<ListingOutcome> {
  // Without a mark, the ledger's whole history: back as far as the provider lists it (walkLedger).
  const fresh: LedgerPosition = { startedAt: run.at.toISOString(), ...(listing.mark ? { from: formatUtcDate(new Date(listing.mark.getTime() - OVERLAP_DAYS * 86_400_000)) } : {}) };
  const position = (!run.full && (checkpoint?.position as LedgerPosition | null | undefined)) || fresh;
  const step = await walkOf(run, listing, position);
  const rows = rowsOf(run, listing, step);
  const caughtUp = step.next === null && position === fresh && !checkpoint;
  const save: WalkCheckpoint | null = caughtUp
    ? null
    : step.next
      ? { listing: listing.name, readUpTo: listing.mark, position: step.next }
      : { listing: listing.name, readUpTo: new Date(position.startedAt), position: null };
  const saves = save ? [save] : [];
  // A whole history read to its end is also the deep re-read of its last days: the next one is due a day after it began.
  if (!position.from && step.next === null) saves.push({ listing: deepListingName(listing.name), readUpTo: new Date(position.startedAt), position: null });
  await storeLines(run, rows, saves);
  if (step.error !== undefined) return { lines: rows.length, caughtUp: false, problem: readProblem(listing, step.error), stop: endsTheRun(step.error) };
  if (step.next) return { lines: rows.length, caughtUp: false, problem: `${listing.label}: more lines than one run reads; the next run goes on from where this one stopped` };
  return { lines: rows.length, caughtUp };
}

/** At most three problems by name, and how many more. */
export function describeProblems(problems: string[]): string {
  const shown = problems.slice(0, 3).join("; ");
  return problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown;
}

/** How long a read of an account's statements waits for another read of the same account to finish. */
export const STATEMENTS_LOCK_WAIT_MS = 10 * 60_000;

export type StatementSyncResult = { ok: true; lines: number } | { ok: false; lines: number; message: string };

export type StatementSyncOptions = {
  /** Every ledger from its beginning, whatever was read before. */
  full?: boolean;
  /** Lower than in production only in tests, to reach the page cap without thousands of lines. */
  maxPages?: number;
  pageSize?: number;
  /** Pages the daily deep re-read may read in one run, over all ledgers (lower only in tests). */
  deepPages?: number;
};

/**
 * Reads an account's statements (the funding account's ledger where the provider has one, and each card's) and
 * stores every line once. Each ledger goes on from where its last walk stopped, and is committed on its own: a card the
 * provider no longer knows is skipped, and one that fails is named in the account's last statements error while the
 * others are read. The account counts as read (its last success) only once every ledger was read to its end.
 */
export async function syncAccountStatements(db: Db, accountId: string, params: StatementSyncOptions = {}): Promise<StatementSyncResult> {
  // One read of an account at a time, across workers: the quarter-hourly run and one queued after an order settled
  // would walk the same ledgers, and the one committing last could put back an older state of a line the other had
  // just stored (a Pending line over its Completed one), and an older walk checkpoint. The second waits, then reads.
  let outcome: SessionLockOutcome<StatementSyncResult>;
  try {
    outcome = await withSessionLock(db, `statements:${accountId}`, STATEMENTS_LOCK_WAIT_MS, () => readAccountStatements(db, accountId, params));
  } catch (error) {
    // The lock could not be taken (no connection, a timeout while waiting): this account's read fails, the others go on.
    return { ok: false, lines: 0, message: `This account's statements could not be read: ${error instanceof Error ? error.message : "unknown error"}.` };
  }
  if (outcome.ran) return outcome.value;
  return { ok: false, lines: 0, message: `Another read of this account's statements has been running for over ${STATEMENTS_LOCK_WAIT_MS / 60_000} minutes; this read did not start.` };
}

/** syncAccountStatements' read, run while it holds the account's statements lock. */
async function readAccountStatements(db: Db, accountId: string, params: StatementSyncOptions): Promise<StatementSyncResult> {
  const at = new Date();
  let lines = 0;
  try {
    const provider = await providerForAccount(db, accountId);
    if (!supports(provider.capabilities, "accountLogs")) {
      await recordSyncSuccess(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at });
      return { ok: true, lines: 0 };
    }
    const full = params.full ?? false;
    // Every ledger without a checkpoint of its own is read up to the account's last success.
    const accountMark = full ? null : await findLastSyncSuccess(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC });
    const checkpoints = await listWalkCheckpoints(db, { providerAccountId: accountId, prefix: LISTINGS });
    const markOf = (name: string, read = true) => (full || !read ? null : checkpoints.has(name) ? checkpoints.get(name)!.readUpTo : accountMark);
    const accountCards = await listStatementCards(db, { providerAccountId: accountId });
    const listings: Listing[] = [];
    if (!provider.capabilities.accountLogsRequireCard) {
      listings.push({ name: `${LISTINGS}account`, label: "Funding account", source: "account", cardId: null, mark: markOf(`${LISTINGS}account`) });
    }
    for (const card of accountCards) {
      const name = `${LISTINGS}card:${card.id}`;
      if (card.missingSince) {
        // Its ledger cannot be read now; it keeps how far it was read for when the provider knows it again.
        if (card.read) await keepWalkCheckpoint(db, { providerAccountId: accountId, checkpoint: { listing: name, readUpTo: markOf(name), position: null } });
        continue;
      }
      listings.push({ name, label: `Card "${card.alias}" (${card.providerCardId})`, source: "card", cardId: card.id, providerCardId: card.providerCardId, mark: markOf(name, card.read) });
    }
    const run: Run = {
      db,
      provider,
      accountId,
      at,
      full,
      limits: { maxPages: params.maxPages ?? MAX_PAGES, pageSize: params.pageSize ?? PAGE_SIZE },
      dates: ledgerDates(provider.name),
      cardIdOf: new Map(accountCards.map((card) => [card.providerCardId, card.id])),
    };
    const problems: string[] = [];
    const caughtUp: WalkCheckpoint[] = [];
    let stopped = false;
    for (const listing of listings) {
      const outcome = await syncListing(run, listing, checkpoints.get(listing.name));
      lines += outcome.lines;
      if (outcome.caughtUp) caughtUp.push({ listing: listing.name, readUpTo: at, position: null });
      if (outcome.problem) problems.push(outcome.problem);
      stopped = outcome.stop ?? false;
      if (stopped) break;
    }
    // Once a day per ledger, the last days again, for lines the provider posted (or first listed) with an older date.
    if (!stopped) lines += await readDeep(run, listings, { pages: params.deepPages ?? DEEP_PAGES_PER_RUN });
    // Whatever was read: the lines of a card's issue, which carry only its order number, and lines stored before Cardhub
    // held the card or the order they name (an import and a settled order each queue this read) are linked to it now.
    await linkStatementCards(db, { providerAccountId: accountId });
    if (problems.length === 0) {
      await db.transaction(async (tx) => {
        await recordSyncSuccess(tx, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at });
        await forgetCaughtUpWalks(tx, { providerAccountId: accountId, prefix: LISTINGS, readUpTo: at });
      });
      return { ok: true, lines };
    }
    // The account's mark stays where it was; the ledgers read to their end keep their own, so they are not read again.
    await saveWalkCheckpoints(db, { providerAccountId: accountId, checkpoints: caughtUp });
    const message = describeProblems(problems);
    await recordSyncFailure(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at, message });
    return { ok: false, lines, message };
  } catch (error) {
    const message = syncFailureText(error);
    if (!isProviderError(error)) console.warn(`[statements] read of account ${accountId} failed: ${loggableError(error)}`);
    await recordSyncFailure(db, { providerAccountId: accountId, kind: STATEMENTS_SYNC, at, message });
    return { ok: false, lines, message };
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
    summary.lines += result.lines;
    if (result.ok) summary.synced += 1;
    else summary.failed.push({ accountId: account.id, label: account.label, message: result.message });
  }
  return summary;
}
