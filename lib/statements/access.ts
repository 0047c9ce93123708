import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { can, type Actor } from "@/lib/auth/permissions";

export type StatementScope =
  | { ok: true; kind: "account"; accountId: string; label: string; provider: ProviderName }
  | { ok: true; kind: "card"; card: CardView }
  | { ok: false; reason: "not_found" | "denied" | "missing" };

/**
 * Statements are funding records: only people who may see funding read them (finance, auditor, admin), and on a
 * card only when they may also see that card. Another organisation's account or card is "not found". Someone who may
 * not see funding is refused before anything is looked up, whatever the address names (or names nothing), so the
 * answer tells them nothing about which accounts or cards exist.
 */
export async function resolveStatementScope(db: DbOrTx, actor: Actor, params: { account: string | null; card: string | null }): Promise<StatementScope> {
  if (!can(actor, "funding.view")) return { ok: false, reason: "denied" };
  if (params.card) {
    const card = await findCardForView(db, params.card);
    if (!card || card.organizationId !== actor.organizationId) return { ok: false, reason: "not_found" };
    if (!can(actor, "card.view", card)) return { ok: false, reason: "denied" };
    return { ok: true, kind: "card", card };
  }
  if (params.account) {
    const [account] = await db
      .select({ id: providerAccounts.id, label: providerAccounts.label, provider: providerAccounts.provider })
      .from(providerAccounts)
      .where(and(eq(providerAccounts.id, params.account), eq(providerAccounts.organizationId, actor.organizationId)));
    if (!account) return { ok: false, reason: "not_found" };
    return { ok: true, kind: "account", accountId: account.id, label: account.label, provider: account.provider };
  }
  return { ok: false, reason: "missing" };
}
