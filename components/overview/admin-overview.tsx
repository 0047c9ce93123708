import Link from "next/link";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { UnreadReviewLink } from "@/components/funding/unread-review-link";
import { Badge } from "@/components/ui/badge";
import type { ProviderAccountHealth } from "@/db/queries/provider-accounts";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import type { UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";
import { BACKGROUND_SYNC_LABELS, failingBackgroundSync, isFailing } from "@/lib/provider-accounts/background-sync";
import { formatUtcDateTime } from "@/lib/format";
import { productsOfAccountHref } from "@/lib/products/products-page-anchor";
import { partialProductsRead, productsReadOf } from "@/lib/provider-accounts/partial-products-read";
import { unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import type { AdminOverview } from "@/lib/overview/load-admin-overview";
import { ADMIN_DAYS } from "@/lib/overview/load-admin-overview";
import { Figure, OverviewGroup, OverviewPanel, Quiet } from "./overview-panel";
import { RecentAuditEvents } from "./recent-audit-events";

/** The card sync's health is on the account row (lastSyncedAt); the other reads have rows of their own. */
const cardSyncFailing = (account: ProviderAccountHealth) => isFailing({ lastSuccessAt: account.lastSyncedAt, lastErrorAt: account.lastErrorAt });

type AccountReads = { backgroundSync: readonly BackgroundSyncHealth[]; unreadTransactions: ReadonlyMap<string, UnreadRowsOfAccount>; mayDismissUnread: boolean };

/** Failing: a read whose newest attempt failed, or transactions listed but never read (the ledger lacks them). */
function failing(account: ProviderAccountHealth, reads: AccountReads): boolean {
  return cardSyncFailing(account) || failingBackgroundSync(reads.backgroundSync, account.id).length > 0 || unreadTransactionsMessage(reads.unreadTransactions.get(account.id)) !== null;
}

const reason = (message: string | null) => (message ?? "no reason given").replace(/[.\s]+$/, "");

function Failure({ children }: { children: React.ReactNode }) {
  return (
    <p className="text-destructive flex items-start gap-2 text-sm">
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span>{children}</span>
    </p>
  );
}

/**
 * A products refresh that read some products and not others (products-refresh-outcome.ts): not a failure, so the
 * account is not counted as failing, but the line says so and links to the products page, which names each with why.
 */
function PartlyReadProducts({ account, reads }: { account: ProviderAccountHealth; reads: AccountReads }) {
  const partial = partialProductsRead(productsReadOf(reads.backgroundSync, account.id));
  if (!partial) return null;
  return (
    <p className="flex items-start gap-2 text-sm break-words">
      <AlertTriangle aria-hidden className="text-warning mt-0.5 size-4 shrink-0" />
      <span className="min-w-0">
        {BACKGROUND_SYNC_LABELS.products}: {partial.summary}.{" "}
        <Link href={productsOfAccountHref(account.id)} className="font-medium underline underline-offset-4">
          See which and why<span className="sr-only"> ({account.label})</span>
        </Link>
      </span>
    </p>
  );
}

function AccountHealth({ account, reads }: { account: ProviderAccountHealth; reads: AccountReads }) {
  if (!account.active) return <Quiet>Disabled: not synced, and no cards can be issued on it.</Quiet>;
  return (
    <>
      <AccountSyncHealth account={account} reads={reads} />
      <PartlyReadProducts account={account} reads={reads} />
    </>
  );
}

function AccountSyncHealth({ account, reads }: { account: ProviderAccountHealth; reads: AccountReads }) {
  const failingReads = failingBackgroundSync(reads.backgroundSync, account.id);
  const unread = unreadTransactionsMessage(reads.unreadTransactions.get(account.id));
  if (cardSyncFailing(account) || failingReads.length > 0 || unread) {
    return (
      <>
        {cardSyncFailing(account) ? (
          <Failure>
            Card sync failed {formatUtcDateTime(account.lastErrorAt!)}: {reason(account.lastError)}.{" "}
            {account.lastSyncedAt ? `Last good sync ${formatUtcDateTime(account.lastSyncedAt)}.` : "It has never synced."}
          </Failure>
        ) : null}
        {failingReads.map((read) => (
          <Failure key={read.kind}>
            {BACKGROUND_SYNC_LABELS[read.kind]} failed {formatUtcDateTime(read.lastErrorAt!)}: {reason(read.lastError)}.{" "}
            {read.lastSuccessAt ? `Last good read ${formatUtcDateTime(read.lastSuccessAt)}.` : "Never read yet."}
          </Failure>
        ))}
        {unread ? (
          <Failure>
            {unread} <UnreadReviewLink accountId={account.id} mayDismiss={reads.mayDismissUnread} />
          </Failure>
        ) : null}
      </>
    );
  }
  if (!account.lastSyncedAt) return <Quiet>Not synced yet.</Quiet>;
  return (
    <p className="text-muted-foreground flex items-start gap-2 text-sm">
      <CheckCircle2 aria-hidden className="text-success mt-0.5 size-4 shrink-0" />
      <span>Synced {formatUtcDateTime(account.lastSyncedAt)}.</span>
    </p>
  );
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function AdminOverviewSection({ data }: { data: AdminOverview }) {
  const failingCount = data.accounts.filter((account) => account.active && failing(account, data)).length;
  const from = data.since.toISOString().slice(0, 10);
  const { people } = data;
  return (
    <OverviewGroup id="overview-admin" title="Administration">
      <OverviewPanel
        id="overview-admin-accounts"
        title="Provider accounts"
        description={
          data.accounts.length === 0
            ? undefined
            : failingCount > 0
              ? `${count(failingCount, "account is", "accounts are")} failing to sync.`
              : "Every active account synced on its last attempt."
        }
        link={{ href: "/settings/accounts", label: "Manage" }}
        className="lg:col-span-2"
      >
        {data.accounts.length === 0 ? (
          <Quiet>No provider account is connected. Connect one to issue and sync cards.</Quiet>
        ) : (
          <ul className="divide-y" aria-label="Provider account health">
            {data.accounts.map((account) => (
              <li key={account.id} className="grid gap-1 py-2 first:pt-0 last:pb-0" data-testid="admin-account">
                <span className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {account.label}
                  <span className="text-muted-foreground font-normal">{PROVIDER_LABELS[account.provider]}</span>
                  {!account.active ? <Badge variant="outline">Disabled</Badge> : failing(account, data) ? <Badge variant="destructive">Failing</Badge> : null}
                </span>
                <AccountHealth account={account} reads={data} />
              </li>
            ))}
          </ul>
        )}
      </OverviewPanel>
      <OverviewPanel id="overview-admin-people" title="People" link={{ href: "/settings/people", label: "Manage" }}>
        <dl className="grid grid-cols-2 gap-4">
          <Figure label="Active" value={people.active.toLocaleString("en-US")} detail={people.deactivated > 0 ? `${count(people.deactivated, "person", "people")} deactivated` : undefined} testId="admin-people-active" />
          <Figure
            label="Sign-in links waiting"
            value={people.linkOpen.toLocaleString("en-US")}
            detail={people.linkExpired > 0 ? <span className="text-destructive">{count(people.linkExpired, "link", "links")} expired unused</span> : undefined}
            testId="admin-people-links"
          />
        </dl>
        {data.twoFactorRoles.length === 0 ? (
          <Quiet>No role must use two-factor sign-in.</Quiet>
        ) : people.missingTwoFactor > 0 ? (
          <p className="text-destructive flex items-start gap-2 text-sm" data-testid="admin-people-two-factor">
            <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              {count(people.missingTwoFactor, "person", "people")} with the {data.twoFactorRoles.join(" or ")} role{" "}
              {people.missingTwoFactor === 1 ? "has" : "have"} no authenticator yet; they are asked to set one up at their next sign-in.
            </span>
          </p>
        ) : (
          <Quiet>Everyone with the {data.twoFactorRoles.join(" or ")} role uses two-factor sign-in.</Quiet>
        )}
      </OverviewPanel>
      <OverviewPanel
        id="overview-admin-sign-in"
        title={`Failed sign-ins, last ${ADMIN_DAYS} days (UTC)`}
        link={{ href: `/audit?action=auth.sign_in_failed&from=${from}`, label: "See all" }}
      >
        <dl>
          <Figure label="Attempts" value={data.signInFailures.count.toLocaleString("en-US")} testId="admin-sign-in-failures" />
        </dl>
        <RecentAuditEvents rows={data.signInFailures.recent} labels={data.labels} empty="Nobody failed to sign in." />
      </OverviewPanel>
    </OverviewGroup>
  );
}
