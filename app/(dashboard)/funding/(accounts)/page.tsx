import type { Metadata } from "next";
import { FundingAccount } from "@/components/funding/funding-account";
import { EmptyState } from "@/components/layout/empty-state";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PageHeader } from "@/components/layout/page-header";
import { RefreshButton } from "@/components/layout/refresh-button";
import { getDb } from "@/db/client";
import { listAccountFunding } from "@/db/queries/funding";
import { listLowBalances } from "@/db/queries/low-balance";
import { listSyncHealth } from "@/db/queries/provider-sync-status";
import { listOpenUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { CARDS_SYNC } from "@/lib/cards/sync-account-cards";
import { refreshFundingAction } from "@/lib/actions/funding/refresh-funding";
import { requireSection } from "@/lib/auth/current-user";
import { fundingPageVersion } from "@/lib/funding/funding-version";
import { can } from "@/lib/auth/permissions";
import { UNREAD_NAMED } from "@/lib/provider-accounts/unread-transactions";

export const metadata: Metadata = { title: "Funding" };

export default async function FundingPage() {
  const user = await requireSection("funding");
  // The same permission the action checks (lib/actions/funding/refresh-funding.ts); hiding is only a courtesy.
  const mayRefresh = can(user, "card.fund");
  const mayDismissUnread = can(user, "transaction.dismiss_unread");
  // Read before what the page shows: a change while it renders moves the open page's version past it.
  const version = await fundingPageVersion(getDb(), user.organizationId);
  const [accounts, cardSync, unreadTransactions, low] = await Promise.all([
    listAccountFunding(getDb(), { organizationId: user.organizationId }),
    listSyncHealth(getDb(), { organizationId: user.organizationId, kind: CARDS_SYNC }),
    listOpenUnreadTransactionRows(getDb(), { organizationId: user.organizationId, limit: UNREAD_NAMED }),
    listLowBalances(getDb(), { organizationId: user.organizationId }),
  ]);
  return (
    <>
      <LiveRefresh source="/api/funding/version" version={version} />
      <PageHeader
        title="Funding"
        description="What each provider account can still pay for cards and top-ups, as last read from the provider."
        actions={accounts.length > 0 && mayRefresh ? <RefreshButton refresh={refreshFundingAction} label="Refresh all balances" variant="default" /> : null}
      />
      {accounts.length === 0 ? (
        <EmptyState title="No provider accounts connected">An administrator connects provider accounts in Settings.</EmptyState>
      ) : (
        <div className="grid gap-8">
          {accounts.map((account) => (
            <FundingAccount key={account.accountId} account={account} mayRefresh={mayRefresh} mayDismissUnread={mayDismissUnread} cardSync={cardSync.get(account.accountId)} unreadTransactions={unreadTransactions.get(account.accountId)} low={low.filter((item) => item.providerAccountId === account.accountId)} />
          ))}
        </div>
      )}
    </>
  );
}
