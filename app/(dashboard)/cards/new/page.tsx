import type { Metadata } from "next";
import Link from "next/link";
import { IssueCardForm } from "@/components/cards/issue-card-form";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { getDb } from "@/db/client";
import { listStoredBalances } from "@/db/queries/funding";
import { listProducts, type ProductWithAccount } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listTeams } from "@/db/queries/teams";
import { requirePermission } from "@/lib/auth/current-user";
import { offeredProducts } from "@/lib/products/offered-products";
import { pickPayingBalance, type PayingBalance } from "@/lib/funding/paying-balance";
import { issuesStandardCardsEmpty } from "@/lib/providers/cardepass/first-load";
import { issueAgainValues } from "@/lib/cards/issue-again";
import { firstParam, type RawSearchParams } from "@/lib/lists/search-params";

export const metadata: Metadata = { title: "Issue a card" };

export default async function IssueCardPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePermission("card.issue");
  const db = getDb();
  const [accounts, products, teams, again] = await Promise.all([
    listProviderAccounts(db, { organizationId: user.organizationId, activeOnly: true }),
    listProducts(db, { organizationId: user.organizationId }),
    listTeams(db, { organizationId: user.organizationId }),
    // "Issue again with these details" on a card that was never issued; anything else in `from` opens the form empty.
    searchParams.then((search) => issueAgainValues(db, user, firstParam(search, "from"))),
  ]);
  // The balance that pays, per product and card currency, as last refreshed (never a provider call on render).
  const balances = new Map(await Promise.all(accounts.map(async (account) => [account.id, await listStoredBalances(db, { providerAccountId: account.id })] as const)));
  const payingFor = (product: ProductWithAccount): Record<string, PayingBalance> => {
    const paying: Record<string, PayingBalance> = {};
    for (const currency of product.currencies.length > 0 ? product.currencies : [product.balanceCurrency ?? "USD"]) {
      const found = pickPayingBalance(balances.get(product.providerAccountId) ?? [], { provider: product.provider, productId: product.providerProductId, currency });
      if (found) paying[currency] = found;
    }
    return paying;
  };
  const offered = offeredProducts(products, { viewer: user, payingFor });
  const issueAccounts = accounts.map(({ id, label, provider, settings }) => ({ id, label, provider, issuesStandardEmpty: issuesStandardCardsEmpty({ provider, settings }) }));

  return (
    <>
      <PageHeader title="Issue a card" description="The card is recorded first, then requested from the provider; you follow its progress on the card's page." />
      {accounts.length === 0 ? (
        <EmptyState title="No provider accounts connected">An administrator connects provider accounts in Settings.</EmptyState>
      ) : (
        <div className="max-w-3xl">
          {again ? (
            <p role="note" className="bg-muted/50 mb-6 rounded-lg border px-4 py-3 text-sm">
              Filled in from “{again.fromAlias}”, which was not issued. Check the details, change what made the provider refuse it, and issue the card.
            </p>
          ) : null}
          <IssueCardForm
            initial={again ?? undefined}
            accounts={issueAccounts}
            products={offered}
            teams={teams}
            selfId={user.id}
          />
          <p className="text-muted-foreground mt-6 text-xs">
            Products missing or out of date? <Link className="underline" href="/cards/products">Refresh them on the products page</Link>.
          </p>
        </div>
      )}
    </>
  );
}
