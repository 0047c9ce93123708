import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { decryptJson } from "@/lib/crypto";
import type { ProviderAccountConfig, ProviderName } from "@/lib/providers/types";

/**
 * The credential field that names whose cards and money an account reads at its provider: Cardepass's OAuth client,
 * NobePay's app key, Card OPEN-API's customer (its apps all see the customer's cards). None of them is a secret.
 */
export const IDENTITY_FIELD: Record<ProviderName, string> = { cardepass: "clientId", nobepay: "appKey", cardopenapi: "customerId" };

/** The API an account talks to, written one way: scheme and host as URL parses them, no trailing slash. */
export function normalizedBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

type Identified = Pick<ProviderAccountConfig, "provider" | "baseUrl" | "credentials">;

function identityOf(account: Identified): string {
  const value = (account.credentials as Record<string, unknown>)[IDENTITY_FIELD[account.provider]];
  return `${account.provider} ${normalizedBaseUrl(account.baseUrl)} ${String(value ?? "").trim()}`;
}

/**
 * The organisation's account that already reads the same provider account (same provider, same API, same identity
 * field), if any. Two of them would import every card and transaction twice, and double every total. Accounts whose
 * credentials no longer decrypt (written under another key) cannot be compared and are skipped.
 */
export async function findSameAccount(
  db: DbOrTx,
  params: { organizationId: string; account: Identified; exceptId?: string },
): Promise<{ id: string; label: string } | null> {
  const candidates = await db
    .select({ id: providerAccounts.id, label: providerAccounts.label, baseUrl: providerAccounts.baseUrl, credentialsEncrypted: providerAccounts.credentialsEncrypted })
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.organizationId, params.organizationId),
        eq(providerAccounts.provider, params.account.provider),
        params.exceptId ? ne(providerAccounts.id, params.exceptId) : undefined,
      ),
    );
  const wanted = identityOf(params.account);
  for (const candidate of candidates) {
    let credentials: unknown;
    try {
      credentials = decryptJson(candidate.credentialsEncrypted);
    } catch {
      continue;
    }
    if (identityOf({ provider: params.account.provider, baseUrl: candidate.baseUrl, credentials } as Identified) === wanted) {
      return { id: candidate.id, label: candidate.label };
    }
  }
  return null;
}

/** Refuses an account that another of the organisation's accounts already reads, naming it on the identity field. */
export async function refuseSameAccount(db: DbOrTx, params: { organizationId: string; account: Identified; exceptId?: string }): Promise<void> {
  const same = await findSameAccount(db, params);
  if (!same) return;
  const message = `This provider account is already connected as "${same.label}". Connecting it again would import its cards and transactions twice.`;
  throw new ActionError("conflict", message, { [`credentials.${IDENTITY_FIELD[params.account.provider]}`]: message });
}

/**
 * Serialises connecting and editing the organisation's accounts until the transaction ends, so two requests carrying
 * the same credentials cannot both pass refuseSameAccount.
 */
export async function lockOrganizationAccounts(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`provider_accounts:${organizationId}`}))`);
}

/**
 * Refuses a label another account of the organisation has, whatever its capitals ("Cardepass EUR", "cardepass eur"):
 * look-alike accounts in every picker invite issuing on the wrong one. Call it again under lockOrganizationAccounts in
 * the transaction that writes the label, so two requests cannot both pass.
 */
export async function refuseTakenLabel(db: DbOrTx, params: { organizationId: string; label: string; exceptId?: string }): Promise<void> {
  const [clash] = await db
    .select({ label: providerAccounts.label })
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.organizationId, params.organizationId),
        sql`lower(${providerAccounts.label}) = lower(${params.label})`,
        params.exceptId ? ne(providerAccounts.id, params.exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) throw new ActionError("conflict", `An account labelled "${clash.label}" already exists.`, { label: "Choose another label." });
}
