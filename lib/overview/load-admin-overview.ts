import type { DbOrTx } from "@/db/client";
import { resolveAuditLabels, type AuditLabels } from "@/db/queries/audit-labels";
import { signInFailuresSince, type AuditWatchRow } from "@/db/queries/overview-audit";
import { startOfWindow } from "@/db/queries/overview-spend";
import { countPeople, type PeopleCounts } from "@/db/queries/people-counts";
import { listProviderAccountHealth, type ProviderAccountHealth } from "@/db/queries/provider-accounts";
import { listBackgroundSyncHealth, type BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { listOpenUnreadTransactionRows, type UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";
import type { Role } from "@/db/schema/users";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { UNREAD_NAMED } from "@/lib/provider-accounts/unread-transactions";
import { getSettings } from "@/lib/settings/get-settings";
import { readTogether } from "@/db/queries/read-together";

export const ADMIN_DAYS = 7;
const RECENT_FAILURES = 3;

export type AdminOverview = {
  /** A UTC midnight: the count and the link to the audit log (`from=` this day) cover the same days. */
  since: Date;
  accounts: ProviderAccountHealth[];
  /** Each account's transaction pull, funding, statements and products reads (the card sync's is on the account). */
  backgroundSync: BackgroundSyncHealth[];
  /** Transactions each account's pull listed but could not read and the ledger still lacks, by account id. */
  unreadTransactions: Map<string, UnreadRowsOfAccount>;
  /** Whether this administrator may dismiss those (transaction.dismiss_unread), for the words of the link to their list. */
  mayDismissUnread: boolean;
  people: PeopleCounts;
  twoFactorRoles: Role[];
  signInFailures: { count: number; recent: AuditWatchRow[] };
  labels: AuditLabels;
};

/** What an administrator looks after: provider accounts that stopped syncing, people who cannot sign in yet, failed sign-ins. */
export async function loadAdminOverview(db: DbOrTx, user: SessionUser, now: Date): Promise<AdminOverview | null> {
  if (!can(user, "admin.manage")) return null;
  const since = startOfWindow(now, ADMIN_DAYS);
  const settings = await getSettings(db, user.organizationId);
  const [accounts, backgroundSync, unreadTransactions, people, signInFailures] = await readTogether(db, [
    () => listProviderAccountHealth(db, { organizationId: user.organizationId }),
    () => listBackgroundSyncHealth(db, { organizationId: user.organizationId }),
    // Open entries only: a dismissed one no longer counts (db/queries/transaction-rows-unread.ts).
    () => listOpenUnreadTransactionRows(db, { organizationId: user.organizationId, limit: UNREAD_NAMED }),
    () => countPeople(db, { organizationId: user.organizationId, now, twoFactorRoles: settings.twoFactorRequiredRoles }),
    () => signInFailuresSince(db, { organizationId: user.organizationId, since, recentLimit: RECENT_FAILURES }),
  ]);
  const labels = await resolveAuditLabels(db, { viewer: user, rows: signInFailures.recent });
  return { since, accounts, backgroundSync, unreadTransactions, mayDismissUnread: can(user, "transaction.dismiss_unread"), people, twoFactorRoles: settings.twoFactorRequiredRoles, signInFailures, labels };
}
