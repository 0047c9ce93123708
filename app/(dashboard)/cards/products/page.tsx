import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { ProductsRefreshStatus } from "@/components/cards/products-refresh-status";
import { ProductsTable } from "@/components/cards/products-table";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { RefreshButton } from "@/components/layout/refresh-button";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listProducts } from "@/db/queries/products";
import { listSyncHealth } from "@/db/queries/provider-sync-status";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { refreshProductsAction } from "@/lib/actions/products/refresh-products";
import { can } from "@/lib/auth/permissions";
import { formatUtcDateTime } from "@/lib/format";
import { productsAccountHeadingId } from "@/lib/products/products-page-anchor";
import { PRODUCTS_SYNC } from "@/lib/products/refresh-products";
import { requireProductsReader } from "./require-products-reader";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  const user = await requireProductsReader();
  const mayRefresh = can(user, "card.issue");
  // Display names are Cardhub's own (finance reads them); the rename action checks admin.manage again on the server.
  const mayRename = can(user, "admin.manage");
  const db = getDb();
  const [accounts, products, health] = await Promise.all([
    listProviderAccounts(db, { organizationId: user.organizationId, activeOnly: true }),
    listProducts(db, { organizationId: user.organizationId }),
    listSyncHealth(db, { organizationId: user.organizationId, kind: PRODUCTS_SYNC }),
  ]);

  return (
    <>
      <PageHeader
        title="Products"
        description="What each connected provider account can issue, as last read from the provider."
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <Button asChild variant="ghost" size="sm">
              <Link href="/cards">
                <ChevronLeft aria-hidden /> Cards
              </Link>
            </Button>
            {accounts.length > 0 && mayRefresh ? <RefreshButton refresh={refreshProductsAction} label="Refresh all products" variant="default" /> : null}
          </div>
        }
      />
      {accounts.length === 0 ? (
        <EmptyState title="No provider accounts connected">An administrator connects provider accounts in Settings.</EmptyState>
      ) : (
        <div className="grid gap-8">
          {accounts.map((account) => {
            const own = products.filter((product) => product.providerAccountId === account.id);
            const refreshedAt = own.reduce<Date | null>((latest, product) => (!latest || product.refreshedAt > latest ? product.refreshedAt : latest), null);
            const headingId = productsAccountHeadingId(account.id);
            return (
              <section key={account.id} aria-labelledby={headingId} className="grid gap-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <h2 id={headingId} className="text-lg font-semibold">
                      {account.label}
                    </h2>
                    <p className="text-muted-foreground text-sm">
                      {PROVIDER_LABELS[account.provider]}
                      {refreshedAt ? ` · refreshed ${formatUtcDateTime(refreshedAt)}` : " · never refreshed"}
                    </p>
                  </div>
                  {mayRefresh ? <RefreshButton refresh={refreshProductsAction} accountId={account.id} label={`Refresh ${account.label}`} /> : null}
                </div>
                <ProductsRefreshStatus health={health.get(account.id)} />
                {own.length === 0 ? (
                  <EmptyState title="No products stored for this account">Refresh to read them from {PROVIDER_LABELS[account.provider]}.</EmptyState>
                ) : (
                  <ProductsTable products={own} caption={`Products of ${account.label}`} mayRename={mayRename} />
                )}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
