import { and, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import type { OrderType } from "@/lib/providers/types";

export type FailedOrder = {
  id: string;
  type: OrderType;
  amount: bigint | null;
  currency: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  failedAt: Date | null;
  provider: ProviderName;
  accountLabel: string;
  card: { id: string; alias: string; organizationId: string; ownerUserId: string | null; teamId: string | null } | null;
};

/** The organisation's orders the provider refused since `since`, newest first (provider_orders_failed_idx). */
export async function listRecentFailedOrders(db: DbOrTx, params: { organizationId: string; since: Date; limit: number }): Promise<FailedOrder[]> {
  return db
    .select({
      id: providerOrders.id,
      type: providerOrders.type,
      amount: providerOrders.amount,
      currency: providerOrders.currency,
      failureCode: providerOrders.failureCode,
      failureMessage: providerOrders.failureMessage,
      failedAt: providerOrders.completedAt,
      provider: providerAccounts.provider,
      accountLabel: providerAccounts.label,
      card: { id: cards.id, alias: cards.alias, organizationId: cards.organizationId, ownerUserId: cards.ownerUserId, teamId: cards.teamId },
    })
    .from(providerOrders)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerOrders.providerAccountId))
    .leftJoin(cards, eq(cards.id, providerOrders.cardId))
    .where(and(eq(providerOrders.organizationId, params.organizationId), eq(providerOrders.status, "failed"), gte(providerOrders.completedAt, params.since)))
    .orderBy(sql`${providerOrders.completedAt} desc nulls first`, sql`${providerOrders.id} desc nulls first`)
    .limit(params.limit);
}
