import type { Db } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import type { CardStatus } from "@/lib/providers/types";
import type { SessionUser } from "@/lib/auth/session-user";

/** An active prepaid card of this person in their first team, written straight into the table (routing needs no provider). */
export async function activeCardOf(db: Db, params: { user: SessionUser; providerAccountId: string; currency?: string }): Promise<string> {
  const { user } = params;
  const card = await insertCard(db, {
    organizationId: user.organizationId,
    providerAccountId: params.providerAccountId,
    cardModel: "prepaid",
    ownerUserId: user.id,
    teamId: user.teamIds[0] ?? null,
    alias: `Card of ${user.email}`,
    currency: params.currency ?? "USD",
    status: "active",
    balance: 10_000n,
  });
  return card.id;
}

/**
 * A live ShareBalance card of this person in their first team with these limits (minor units; a null lifetime is
 * unlimited), nothing used yet, written straight into the table.
 */
export async function shareBalanceCardOf(
  db: Db,
  params: { user: SessionUser; providerAccountId: string; limitPerTransaction?: bigint; limitLifetime: bigint | null; alias?: string },
): Promise<string> {
  const { user } = params;
  const card = await insertCard(db, {
    organizationId: user.organizationId,
    providerAccountId: params.providerAccountId,
    cardModel: "sharebalance",
    ownerUserId: user.id,
    teamId: user.teamIds[0] ?? null,
    alias: params.alias ?? "Ads card",
    currency: "USD",
    status: "active",
    limitPerTransaction: params.limitPerTransaction ?? 5_000n,
    limitLifetime: params.limitLifetime,
    limitUsed: 0n,
  });
  return card.id;
}

/** A prepaid card of this person in their first team, in this status, known to its provider, holding 100.00. */
export async function prepaidCardInStatus(db: Db, params: { user: SessionUser; providerAccountId: string; status: CardStatus }): Promise<string> {
  const { user, status } = params;
  const card = await insertCard(db, {
    organizationId: user.organizationId,
    providerAccountId: params.providerAccountId,
    providerCardId: `card-${crypto.randomUUID()}`,
    cardModel: "prepaid",
    ownerUserId: user.id,
    teamId: user.teamIds[0] ?? null,
    alias: `A ${status} card`,
    currency: "USD",
    status,
    balance: 10_000n,
  });
  return card.id;
}
