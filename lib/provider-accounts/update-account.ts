import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { providerAccountConfigSchema } from "@/lib/providers";
import { addressOrigin } from "./address-origin";
import { pingOrExplain } from "./connect-account";
import { CREDENTIAL_FIELDS } from "./presets";
import { lockOrganizationAccounts, refuseSameAccount } from "./same-account";
import type { EditProviderAccountInput } from "./schemas";

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return fields;
}

/**
 * Edits an account. A credential field left blank keeps the stored value, so the browser never needs to hold a
 * secret to save other changes. New credentials or a new base URL are proven with a ping before they are saved.
 * SECURITY: the audit row names which credential fields were replaced, never their values.
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
  const settings = { ...row.settings, timeZone: input.timeZone, apiVersion: input.apiVersion };
  const parsed = providerAccountConfigSchema.safeParse({ id: row.id, provider: row.provider, baseUrl: input.baseUrl, credentials, settings });
  if (!parsed.success) throw new ActionError("invalid_input", "Some fields need attention.", fieldErrors(parsed.error.issues));
  const [clash] = await db
    .select({ id: providerAccounts.id })
    .from(providerAccounts)
    .where(and(eq(providerAccounts.organizationId, row.organizationId), eq(providerAccounts.label, input.label), ne(providerAccounts.id, row.id)));
  if (clash) throw new ActionError("conflict", `An account labelled "${input.label}" already exists.`, { label: "Choose another label." });
  const movesAccount = replaced.length > 0 || parsed.data.baseUrl !== row.baseUrl;
  if (movesAccount) {
    await refuseSameAccount(db, { organizationId: row.organizationId, account: parsed.data, exceptId: row.id });
    await pingOrExplain(parsed.data);
  }

  await db.transaction(async (tx) => {
    if (movesAccount) {
      await lockOrganizationAccounts(tx, row.organizationId);
      await refuseSameAccount(tx, { organizationId: row.organizationId, account: parsed.data, exceptId: row.id });
    }
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
    await record(tx, context, {
      action: "provider_account.updated",
      targetType: "provider_account",
      targetId: row.id,
      summary: {
        before: { label: row.label, baseUrl: row.baseUrl, timeZone: row.settings.timeZone ?? null, apiVersion: row.settings.apiVersion ?? null },
        after: { label: input.label, baseUrl: parsed.data.baseUrl, timeZone: input.timeZone ?? null, apiVersion: input.apiVersion ?? null },
        replacedCredentialFields: replaced,
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
