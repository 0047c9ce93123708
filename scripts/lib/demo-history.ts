import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { rewindTransactionSync } from "@/db/queries/transactions-sync";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { syncAllStatements } from "@/lib/statements/sync-statements";

/** Days of backdated sandbox purchases a first start gives the demo, so the overview's charts have history. */
export const DEMO_HISTORY_DAYS = 60;

/**
 * The sandbox backdates DEMO_HISTORY_DAYS of purchases on every active card (the demo's new cards included); the
 * transaction sync is rewound to before them, so its next run imports them like any late provider report, every
 * account's statements are read again in full, with the funding account's lines for them, and every funding balance
 * is read again.
 */
export async function backfillDemoHistory(db: Db, sandboxUrl: string, say: (line: string) => void): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/activity/backfill`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ days: DEMO_HISTORY_DAYS }),
  });
  if (!res.ok) throw new Error(`the sandbox refused the demo history backfill (HTTP ${res.status})`);
  const summary = (await res.json()) as { from: string; transactions: Record<string, number> };
  for (const account of await listProviderAccounts(db, { activeOnly: true })) {
    if (!(await rewindTransactionSync(db, account.id, new Date(summary.from)))) say(`transaction sync of ${account.label} was busy; its backdated demo history may be missed`);
  }
  // The statements were read when the worker started, before these lines existed, and a line dated weeks back is read
  // again only by the daily deep re-read: until then a funding statement would jump over them. Read again in full now.
  const statements = await syncAllStatements(db, { full: true });
  for (const failure of statements.failed) say(`statements of ${failure.label} could not be read again after the demo history: ${failure.message}`);
  // The purchases on cards that spend the shared funding account (Cardepass ShareBalance) lowered its balance: read at
  // the worker's start, the funding page would show the balance from before them above statement lines that end at
  // today's, until the next scheduled refresh.
  const funding = await refreshAllFunding(db);
  for (const failure of funding.failed) say(`funding balances of ${failure.label} could not be read again after the demo history: ${failure.message}`);
  const total = Object.values(summary.transactions).reduce((sum, n) => sum + n, 0);
  say(`sandbox: ${total} backdated demo transactions over the last ${DEMO_HISTORY_DAYS} days; the transactions sync imports them within a minute`);
}
