import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema/products";
import { providerAccounts } from "@/db/schema/provider-accounts";

export type ProductRow = typeof products.$inferSelect;
export type ProductWithAccount = ProductRow & { accountLabel: string; provider: (typeof providerAccounts.$inferSelect)["provider"] };

export async function upsertProducts(
  db: DbOrTx,
  params: { providerAccountId: string; rows: Omit<typeof products.$inferInsert, "providerAccountId" | "refreshedAt">[] },
): Promise<void> {
  const now = new Date();
  for (const row of params.rows) {
    await db
      .insert(products)
      .values({ ...row, providerAccountId: params.providerAccountId, refreshedAt: now })
      .onConflictDoUpdate({
        target: [products.providerAccountId, products.providerProductId],
        set: {
          name: row.name,
          cardModels: row.cardModels,
          currencies: row.currencies,
          minFirstDeposit: row.minFirstDeposit ?? null,
          availableBalance: row.availableBalance ?? null,
          balanceCurrency: row.balanceCurrency ?? null,
          fees: row.fees ?? {},
          details: row.details ?? {},
          refreshedAt: now,
        },
      });
  }
  const keep = params.rows.map((row) => row.providerProductId);
  // Products the provider no longer offers are kept (cards reference them) but marked withdrawn.
  await db
    .update(products)
    .set({ details: sql`${products.details} || '{"withdrawn": true}'::jsonb`, refreshedAt: now })
    .where(
      keep.length
        ? and(eq(products.providerAccountId, params.providerAccountId), notInArray(products.providerProductId, keep))
        : eq(products.providerAccountId, params.providerAccountId),
    );
}

export async function listProducts(db: DbOrTx, params: { organizationId: string; accountId?: string }): Promise<ProductWithAccount[]> {
  const conditions = [eq(providerAccounts.organizationId, params.organizationId), eq(providerAccounts.active, true)];
  if (params.accountId) conditions.push(eq(products.providerAccountId, params.accountId));
  const rows = await db
    .select({ product: products, accountLabel: providerAccounts.label, provider: providerAccounts.provider })
    .from(products)
    .innerJoin(providerAccounts, eq(products.providerAccountId, providerAccounts.id))
    .where(and(...conditions))
    .orderBy(asc(providerAccounts.label), asc(products.name));
  return rows.map((row) => ({ ...row.product, accountLabel: row.accountLabel, provider: row.provider }));
}

export async function findProduct(db: DbOrTx, params: { providerAccountId: string; providerProductId: string }): Promise<ProductRow | null> {
  const conditions = [eq(products.providerAccountId, params.providerAccountId), eq(products.providerProductId, params.providerProductId)];
  const [row] = await db.select().from(products).where(and(...conditions)).limit(1);
  return row ?? null;
}
