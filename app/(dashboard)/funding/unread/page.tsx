import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { DismissUnreadButton } from "@/components/funding/dismiss-unread-button";
import { DismissalNotice } from "@/components/funding/dismissal-notice";
import { ProviderAccountChoices, type ProviderAccountChoice } from "@/components/funding/provider-account-choices";
import { UnreadEntryList } from "@/components/funding/unread-entry-list";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { ListPagination } from "@/components/lists/list-pagination";
import { getDb, type DbOrTx } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { countUnreadEntries, listUnreadEntries, openEntriesQuery } from "@/db/queries/transaction-rows-unread-review";
import { countOpenUnreadByAccount } from "@/db/queries/transaction-rows-unread";
import { readTogether } from "@/db/queries/read-together";
import { requireSection } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { parseUnreadReviewSearch, unreadReviewHref } from "@/lib/provider-accounts/unread-review-search";
import { DISMISS_ALL_LIMIT } from "@/lib/provider-accounts/unread-dismissal-rules";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Unread provider transactions" };

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Every account of the organisation as a link to its review, with how many of its entries are open. */
async function unreadChoices(db: DbOrTx, organizationId: string): Promise<ProviderAccountChoice[]> {
  const [accounts, openCounts] = await readTogether(db, [
    () => listProviderAccounts(db, { organizationId }),
    () => countOpenUnreadByAccount(db, { organizationId }),
  ]);
  return accounts.map((account) => {
    const open = openCounts.get(account.id) ?? 0;
    return {
      id: account.id,
      label: account.label,
      provider: account.provider,
      href: unreadReviewHref({ account: account.id, show: "open" }),
      detail: open === 0 ? "no open entries" : count(open, "open entry", "open entries"),
    };
  });
}

/**
 * The provider transactions an account's sync could not read: open ones (the ledger lacks them, and the sync status
 * says so) and dismissed ones (acknowledged with a reason, no longer counted). Finance and administrators dismiss;
 * auditors read. Another organisation's account is "not found".
 */
export default async function UnreadTransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSection("funding");
  const { search, ignored } = parseUnreadReviewSearch(await searchParams);
  const db = getDb();
  if (!search.account) {
    return (
      <>
        <PageHeader title="Unread provider transactions" description="Transactions a provider listed that Cardhub could not read exactly, by provider account." />
        <div className="grid gap-4">
          <IgnoredParamsAlert ignored={ignored} />
          <EmptyState title="Choose an account">
            <ProviderAccountChoices choices={await unreadChoices(db, user.organizationId)} />
          </EmptyState>
        </div>
      </>
    );
  }
  const account = (await listProviderAccounts(db, { organizationId: user.organizationId })).find((item) => item.id === search.account);
  if (!account) notFound();
  // The same permission the action checks; hiding the buttons is only a courtesy.
  const mayDismiss = can(user, "transaction.dismiss_unread");
  const open = search.show === "open";
  // One snapshot for the counts, the list and the entries "Dismiss all" names, so the dialog's number is the entries it
  // sends, each with the opened_at read with its reason: a dismissal covers only that version (dismiss-unread.ts).
  const { counts, page, openEntries } = await db.transaction(
    async (tx) => {
      const counts = await countUnreadEntries(tx, { providerAccountId: account.id });
      const page = await listUnreadEntries(tx, { providerAccountId: account.id, state: search.show, after: search.after });
      const openEntries = mayDismiss && open && counts.open > 0 ? await openEntriesQuery(tx, { providerAccountId: account.id, limit: DISMISS_ALL_LIMIT }) : [];
      return { counts, page, openEntries };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const dismissal = mayDismiss ? { accountId: account.id, accountLabel: account.label } : null;
  const tabs = [
    { show: "open", label: `Open (${counts.open.toLocaleString("en-US")})` },
    { show: "dismissed", label: `Dismissed (${counts.dismissed.toLocaleString("en-US")})` },
  ] as const;
  const caption = `${open ? "Open" : "Dismissed"} unread transactions of ${account.label}, ${page.rows.length} shown`;
  return (
    <>
      <Link href="/funding" className="text-muted-foreground hover:text-foreground mb-4 inline-flex w-fit items-center gap-1 text-sm">
        <ChevronLeft aria-hidden className="size-4" /> Funding
      </Link>
      <PageHeader
        title={`Unread transactions of ${account.label}`}
        description={`${PROVIDER_LABELS[account.provider]} listed these transactions, but Cardhub could not read them exactly, so they are not in its ledger. An open one counts in the account's sync status until a later read stores it. One the provider will never correct can be dismissed with a reason: it then stops counting, and stays listed under Dismissed.`}
      />
      <div className="grid grid-cols-1 gap-4">
        <nav aria-label="Entries" className="flex gap-1 overflow-x-auto border-b">
          {tabs.map((tab) => (
            <Link
              key={tab.show}
              href={unreadReviewHref({ account: account.id, show: tab.show })}
              aria-current={tab.show === search.show ? "page" : undefined}
              className={cn(
                "text-muted-foreground hover:text-foreground -mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap",
                tab.show === search.show && "border-primary text-foreground",
              )}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
        <IgnoredParamsAlert ignored={ignored} />
        <DismissalNotice>
          {open && dismissal && openEntries.length > 0 ? (
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-muted-foreground text-sm">
                {count(counts.open, "entry is", "entries are")} open{counts.open > DISMISS_ALL_LIMIT ? `; one dismissal covers the oldest ${DISMISS_ALL_LIMIT}` : ""}.
              </p>
              <DismissUnreadButton
                target={{ ...dismissal, entry: null, entries: openEntries, openCount: counts.open }}
                label={counts.open > openEntries.length ? `Dismiss the oldest ${openEntries.length}…` : "Dismiss all…"}
              />
            </div>
          ) : null}
          {page.rows.length === 0 ? (
            <EmptyState title={search.after ? "No more entries" : open ? "Nothing is missing from the ledger" : "No entry is dismissed"}>
              {search.after
                ? null
                : open
                  ? "Every transaction this account listed was read, or was dismissed."
                  : "Entries dismissed while the ledger still lacks them are listed here, with who dismissed them, when and why."}
            </EmptyState>
          ) : (
            <UnreadEntryList rows={page.rows} state={search.show} caption={caption} dismissal={dismissal} />
          )}
        </DismissalNotice>
        <ListPagination
          label="Entry pages"
          previousHref={search.after ? unreadReviewHref({ account: account.id, show: search.show }) : undefined}
          previousLabel="First page"
          nextHref={page.next ? unreadReviewHref({ account: account.id, show: search.show, after: page.next }) : undefined}
          nextLabel={open ? "Later entries" : "Earlier dismissals"}
        />
      </div>
    </>
  );
}
