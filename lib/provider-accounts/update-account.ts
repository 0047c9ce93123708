import { and, desc, eq, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { OPEN_ORDER_STATUSES, providerOrders } from "@/db/schema/provider-orders";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { createProvider, providerAccountConfigSchema, type ProviderAccountConfig, type ProviderName } from "@/lib/providers";
import { timeZoneOf } from "@/lib/providers/config";
import { cardepassDocumentVersion } from "@/lib/providers/cardepass/cardepass-provider";
import { isRecordAbsent } from "@/lib/providers/record-absent";
import { scheduleTimeZoneCorrection } from "@/lib/transactions/time-zone-correction";
import { addressOrigin } from "./address-origin";
import { refuseVersionNotFollowed, typedVersionOrRefuse } from "./cardepass-version-check";
import { pingOrExplain } from "./connect-account";
import { describeProviderFailure } from "./describe-error";
import { CREDENTIAL_FIELDS } from "./presets";
import { refusedCheckOnRecord } from "./refused-check-on-record";
import { IDENTITY_FIELD, lockOrganizationAccounts, normalizedBaseUrl, refuseSameAccount, refuseTakenLabel } from "./same-account";
import type { EditProviderAccountInput } from "./schemas";

export const ACCOUNT_CHANGED = "Someone else changed this account since you opened this form; close it and open it again to see their change.";

type AccountVersion = { updatedAt: Date; credentialsEncrypted: string };
const sameVersion = (a: AccountVersion, b: AccountVersion) => a.updatedAt.getTime() === b.updatedAt.getTime() && a.credentialsEncrypted === b.credentialsEncrypted;

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return fields;
}

/** The form fields that point the account somewhere else: its API address and its identity credential. */
function relocatedFields(provider: ProviderName, changes: { address: boolean; identity: boolean }): string[] {
  return [...(changes.address ? ["baseUrl"] : []), ...(changes.identity ? [`credentials.${IDENTITY_FIELD[provider]}`] : [])];
}

/**
 * Money boundary: an open order (created, pending or waiting for review) is followed at the account's address with its
 * credentials. Moved elsewhere, it would be asked about where it was never placed, answered "not found" and failed as
 * "nothing was done", while the first provider may have moved the money.
 */
async function refuseWhileOrdersOpen(db: DbOrTx, accountId: string, fields: string[]): Promise<void> {
  const [open] = await db
    .select({ id: providerOrders.id })
    .from(providerOrders)
    .where(and(eq(providerOrders.providerAccountId, accountId), inArray(providerOrders.status, [...OPEN_ORDER_STATUSES])))
    .limit(1);
  if (!open) return;
  const message =
    "This account has changes still in progress at the provider (or waiting for review). They are followed at the current address with the current credentials, so the address and the account ID cannot change until they finish.";
  throw new ActionError("conflict", message, Object.fromEntries(fields.map((field) => [field, message])));
}

/**
 * Money boundary: the account's cards are known by their ids at its current provider account. When it has live cards,
 * the new address and credentials must still show one of them (the most recently synced, active first); otherwise they
 * read another provider account, and every card here would be marked missing with its money left behind.
 */
async function refuseIfCardsNotVisible(db: DbOrTx, accountId: string, config: ProviderAccountConfig): Promise<void> {
  const [card] = await db
    .select({ providerCardId: cards.providerCardId })
    .from(cards)
    .where(and(eq(cards.providerAccountId, accountId), isNotNull(cards.providerCardId), notInArray(cards.status, ["cancelled", "failed"]), isNull(cards.providerMissingSince)))
    .orderBy(sql`(${cards.status} = 'active') desc`, desc(cards.lastSyncedAt), desc(cards.id))
    .limit(1);
  if (!card?.providerCardId) return;
  try {
    await createProvider(config).getCard(card.providerCardId);
  } catch (error) {
    const message = isRecordAbsent(error)
      ? "The provider at this address, with these credentials, does not know this account's cards: it is another provider account. To use it, disable this account and connect the other one as a new account."
      : `Cardhub could not confirm that this account's cards are visible at this address, so the change was not saved. ${describeProviderFailure(error).message}`;
    throw new ActionError("conflict", message, { baseUrl: message });
  }
}

/**
 * Edits an account. A credential field left blank keeps the stored value, so the browser never needs to hold a
 * secret to save other changes. New credentials or a new base URL are proven with a ping before they are saved.
 * SECURITY: the audit row names which credential fields were replaced, never their values.
 * A new time zone moves the times the account's rows were read in with the old one, however old the rows: recorded
 * here with the change and its audit row, carried out in batches by the account's next pulls
 * (lib/transactions/time-zone-correction.ts).
 * Says whether the account now reads from somewhere new (`moved`: new credentials or base URL) and is active, so the
 * caller can have it read again at once (readAccountSoon).
 */
export async function updateProviderAccount(
  db: Db,
  context: AuditContext & { organizationId: string },
  input: EditProviderAccountInput,
): Promise<{ moved: boolean; active: boolean }> {
  const row = await findProviderAccount(db, input.accountId);
  if (!row || row.organizationId !== context.organizationId) throw new ActionError("not_found", "That provider account does not exist.");
  if (input.loadedUpdatedAt && new Date(input.loadedUpdatedAt).getTime() !== row.updatedAt.getTime()) throw new ActionError("conflict", ACCOUNT_CHANGED);
  let stored: Record<string, unknown> = {};
  try {
    stored = decryptJson(row.credentialsEncrypted) as Record<string, unknown>;
  } catch {
    // Unreadable (written under another key): every credential field must be entered again.
  }
  const replaced: string[] = [];
  const credentials: Record<string, unknown> = {};
  for (const field of CREDENTIAL_FIELDS[row.provider]) {
    const typed = input.credentials[field.name]?.trim();
    if (typed) replaced.push(field.name);
    credentials[field.name] = typed ? typed : stored[field.name];
  }
  // SECURITY: a stored secret is only ever sent where it was entered for. Pointing the account at another server
  // (another origin) takes every secret typed again; otherwise whoever edits the URL would receive them.
  if (addressOrigin(input.baseUrl) !== addressOrigin(row.baseUrl)) {
    const missing = CREDENTIAL_FIELDS[row.provider].filter((field) => field.secret && !replaced.includes(field.name));
    if (missing.length > 0) {
      throw new ActionError(
        "invalid_input",
        "Some fields need attention.",
        Object.fromEntries(missing.map((field) => [`credentials.${field.name}`, `Enter the ${field.label.toLowerCase()} again: the address points at another server.`])),
      );
    }
  }
  // A Cardepass account's version names its document; left blank it keeps the stored one, as a blank credential does
  // (a missing version reads as v1). Another provider's is its path segment, v1 when blank.
  const typedVersion = row.provider === "cardepass" ? typedVersionOrRefuse(input.apiVersion) : undefined;
  const apiVersion = row.provider === "cardepass" ? (typedVersion ?? row.settings.apiVersion) : input.apiVersion;
  const settings = { ...row.settings, timeZone: input.timeZone, apiVersion };
  const parsed = providerAccountConfigSchema.safeParse({ id: row.id, provider: row.provider, baseUrl: input.baseUrl, credentials, settings });
  if (!parsed.success) throw new ActionError("invalid_input", "Some fields need attention.", fieldErrors(parsed.error.issues));
  await refuseTakenLabel(db, { organizationId: row.organizationId, label: input.label, exceptId: row.id });
  const movesAccount = replaced.length > 0 || parsed.data.baseUrl !== row.baseUrl;
  // A new address or identity may be another provider account altogether (a new secret alone is the same account).
  const identity = IDENTITY_FIELD[row.provider];
  const addressChanged = normalizedBaseUrl(parsed.data.baseUrl) !== normalizedBaseUrl(row.baseUrl);
  const relocated = relocatedFields(row.provider, {
    address: addressChanged,
    identity: String(credentials[identity] ?? "").trim() !== String(stored[identity] ?? "").trim(),
  });
  if (relocated.length > 0) await refuseWhileOrdersOpen(db, row.id, relocated);
  if (movesAccount) await refuseSameAccount(db, { organizationId: row.organizationId, account: parsed.data, exceptId: row.id });
  // These checks send the account's credentials (typed or stored) to the address in the form: a refusal is on record.
  const refusal = {
    action: "provider_account.change_failed" as const,
    targetId: row.id,
    summary: { provider: row.provider, label: row.label, baseUrl: parsed.data.baseUrl, replacedCredentialFields: replaced },
  };
  await refusedCheckOnRecord(db, context, refusal, async () => {
    if (movesAccount) await pingOrExplain(parsed.data);
    if (typedVersion && typedVersion !== row.settings.apiVersion) await refuseVersionNotFollowed(parsed.data, typedVersion);
    else if (row.provider === "cardepass" && addressChanged) await refuseVersionNotFollowed(parsed.data, cardepassDocumentVersion(parsed.data), typedVersion ? "typed" : "kept");
    if (relocated.length > 0) await refuseIfCardsNotVisible(db, row.id, parsed.data);
  });

  await db.transaction(async (tx) => {
    await lockOrganizationAccounts(tx, row.organizationId);
    // SECURITY: every check above (a secret typed again for another server, the ping, open orders, visible cards) and
    // the merge of the stored credentials ran on `row`. Saved over a change made since, it would silently undo that
    // change and send the secret typed for one server to another, so a changed row refuses the edit.
    const [current] = await tx
      .select({ updatedAt: providerAccounts.updatedAt, credentialsEncrypted: providerAccounts.credentialsEncrypted })
      .from(providerAccounts)
      .where(eq(providerAccounts.id, row.id))
      .for("update");
    if (!current || !sameVersion(current, row)) throw new ActionError("conflict", ACCOUNT_CHANGED);
    await refuseTakenLabel(tx, { organizationId: row.organizationId, label: input.label, exceptId: row.id });
    if (movesAccount) await refuseSameAccount(tx, { organizationId: row.organizationId, account: parsed.data, exceptId: row.id });
    // Again just before saving: an order may have been placed while the new address was being checked.
    if (relocated.length > 0) await refuseWhileOrdersOpen(tx, row.id, relocated);
    await tx
      .update(providerAccounts)
      .set({
        label: input.label,
        baseUrl: parsed.data.baseUrl,
        settings: parsed.data.settings ?? {},
        ...(replaced.length > 0 ? { credentialsEncrypted: encryptJson(parsed.data.credentials) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(providerAccounts.id, row.id));
    const movedTransactionTimes = await scheduleTimeZoneCorrection(tx, {
      providerAccountId: row.id,
      provider: row.provider,
      from: timeZoneOf(row).timeZone,
      to: timeZoneOf(parsed.data).timeZone,
    });
    await record(tx, context, {
      action: "provider_account.updated",
      targetType: "provider_account",
      targetId: row.id,
      summary: {
        before: { label: row.label, baseUrl: row.baseUrl, timeZone: row.settings.timeZone ?? null, apiVersion: row.settings.apiVersion ?? null },
        after: { label: input.label, baseUrl: parsed.data.baseUrl, timeZone: input.timeZone ?? null, apiVersion: apiVersion ?? null },
        replacedCredentialFields: replaced,
        ...(movedTransactionTimes ? { movedTransactionTimes } : {}),
      },
    });
  });
  return { moved: movesAccount, active: row.active };
}

export async function setProviderAccountActive(db: Db, context: AuditContext & { organizationId: string }, input: { accountId: string; active: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(providerAccounts).where(eq(providerAccounts.id, input.accountId)).for("update");
    if (!row || row.organizationId !== context.organizationId) throw new ActionError("not_found", "That provider account does not exist.");
    if (row.active === input.active) return;
    await tx.update(providerAccounts).set({ active: input.active, updatedAt: new Date() }).where(eq(providerAccounts.id, row.id));
    await record(tx, context, {
      action: "provider_account.updated",
      targetType: "provider_account",
      targetId: row.id,
      summary: { label: row.label, before: { active: row.active }, after: { active: input.active } },
    });
  });
}
