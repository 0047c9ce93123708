import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import type { CardModel } from "@/lib/providers/types";
import { providerAccounts } from "@/db/schema/provider-accounts";

export type ProductRow = typeof products.$inferSelect;
export type ProductWithAccount = ProductRow & { accountLabel: string; provider: (typeof providerAccounts.$inferSelect)["provider"] };

export async function upsertProducts(
  db: DbOrTx,
  // No displayName: the name an administrator gave a product is Cardhub's own, and a refresh never writes it.
  params: { providerAccountId: string; rows: Omit<typeof products.$inferInsert, "providerAccountId" | "refreshedAt" | "displayName">[] },
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
          // Published fees replace their own keys only; fees learnt from charged orders stay (lib/fees/product-fees.ts).
          fees: sql`${products.fees} || excluded.fees`,
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
    .orderBy(asc(providerAccounts.label), asc(sql`coalesce(${products.displayName}, ${products.name})`));
  return rows.map((row) => ({ ...row.product, accountLabel: row.accountLabel, provider: row.provider }));
}

export async function findProduct(db: DbOrTx, params: { providerAccountId: string; providerProductId: string }): Promise<ProductRow | null> {
  const conditions = [eq(products.providerAccountId, params.providerAccountId), eq(products.providerProductId, params.providerProductId)];
  const [row] = await db.select().from(products).where(and(...conditions)).limit(1);
  return row ?? null;
}

/** Replaces a product's fee rules (the caller merged them under a lock: lockProductFees). */
export async function setProductFees(db: DbOrTx, params: { productId: string; fees: Record<string, unknown> }): Promise<void> {
  await db.update(products).set({ fees: params.fees }).where(eq(products.id, params.productId));
}

/** The product's fee rules, its row locked until the transaction ends so two settling orders cannot overwrite each other. */
export async function lockProductFees(db: DbOrTx, productId: string): Promise<Record<string, unknown> | null> {
  const [row] = await db.select({ fees: products.fees }).from(products).where(eq(products.id, productId)).for("update");
  return row?.fees ?? null;
}

export async function findProductById(db: DbOrTx, id: string): Promise<ProductRow | null> {
  const [row] = await db.select().from(products).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

/** A product with the organisation of its account, for the permission check of an action on it; null when unknown. */
export async function findProductOrganization(db: DbOrTx, id: string): Promise<{ id: string; organizationId: string } | null> {
  const [row] = await db
    .select({ id: products.id, organizationId: providerAccounts.organizationId })
    .from(products)
    .innerJoin(providerAccounts, eq(products.providerAccountId, providerAccounts.id))
    .where(eq(products.id, id))
    .limit(1);
  return row ?? null;
}

/** One of the organisation's products, its row locked until the transaction ends (a rename's read-modify-write). */
export async function lockOrganizationProduct(db: DbOrTx, params: { productId: string; organizationId: string }): Promise<ProductWithAccount | null> {
  const [row] = await db
    .select({ product: products, accountLabel: providerAccounts.label, provider: providerAccounts.provider })
    .from(products)
    .innerJoin(providerAccounts, eq(products.providerAccountId, providerAccounts.id))
    .where(and(eq(products.id, params.productId), eq(providerAccounts.organizationId, params.organizationId)))
    .for("update", { of: products });
  return row ? { ...row.product, accountLabel: row.accountLabel, provider: row.provider } : null;
}

export async function setProductDisplayName(db: DbOrTx, params: { productId: string; displayName: string | null }): Promise<void> {
  await db.update(products).set({ displayName: params.displayName }).where(eq(products.id, params.productId));
}

/**
 * Each card's product, model and the product's fees as stored, for the cards named (a statement batch's); cards
 * without a product are left out.
 */
export async function productsOfCards(
  db: DbOrTx,
  cardIds: readonly string[],
): Promise<{ cardId: string; productId: string; cardModel: CardModel; fees: Record<string, unknown> }[]> {
  if (cardIds.length === 0) return [];
  return db
    .select({ cardId: cards.id, productId: products.id, cardModel: cards.cardModel, fees: products.fees })
    .from(cards)
    .innerJoin(products, eq(products.id, cards.productId))
    .where(inArray(cards.id, [...cardIds]));
}
