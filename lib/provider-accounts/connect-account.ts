import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { encryptJson } from "@/lib/crypto";
import { createProvider, providerAccountConfigSchema, type ProviderAccountConfig, type ProviderName } from "@/lib/providers";
import { CardepassProvider } from "@/lib/providers/cardepass/cardepass-provider";
import { TokenCache } from "@/lib/providers/token-cache";
import type { PingResult } from "@/lib/providers/types";
import { typedVersionOrRefuse } from "./cardepass-version-check";
import { probeConfig } from "./probe-config";
import { refusedCheckOnRecord } from "./refused-check-on-record";
import { describeProviderFailure, failureFields } from "./describe-error";
import { lockOrganizationAccounts, refuseSameAccount, refuseTakenLabel } from "./same-account";
import { newWebhookSecret, storedWebhookSecret } from "./webhook-secret";

export type ConnectAccountInput = {
  organizationId: string;
  provider: ProviderName;
  label: string;
  baseUrl: string;
  credentials: unknown;
  settings?: { timeZone?: string; apiVersion?: string };
  /** Ping the provider with these credentials before saving (default true). */
  check?: boolean;
};

/**
 * Connects a provider account: credentials are validated against the provider's shape, proven with a ping, and
 * stored encrypted (AES-256-GCM). The same provider account twice is refused (refuseSameAccount): its cards and
 * transactions would be imported twice. SECURITY: they never appear in the audit row, a log line or an error message.
 */
export async function connectProviderAccount(db: Db, context: AuditContext, input: ConnectAccountInput): Promise<{ id: string }> {
  // A Cardepass version chosen (the form, cardctl's --api-version) is v1 or v2 in any capitals, else refused: the
  // adapter reads any other value as v1, whose top-ups a v2 server refuses. A version chosen is taken as the override
  // of the detection below, which a server answering in neither document's shape could mislead.
  const chosenVersion = input.provider === "cardepass" ? typedVersionOrRefuse(input.settings?.apiVersion) : undefined;
  const settings = input.provider === "cardepass" && input.settings ? { ...input.settings, apiVersion: chosenVersion } : input.settings;
  const parsed = providerAccountConfigSchema.safeParse({
    id: randomUUID(),
    provider: input.provider,
    baseUrl: input.baseUrl,
    credentials: input.credentials,
    settings,
  });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]));
    throw new ActionError("invalid_input", "The account details are not complete or not valid.", fields);
  }
  const label = input.label.trim();
  if (!label) throw new ActionError("invalid_input", "Give the account a label.", { label: "Give the account a label." });
  await refuseTakenLabel(db, { organizationId: input.organizationId, label });
  await refuseSameAccount(db, { organizationId: input.organizationId, account: parsed.data });

  if (input.check !== false) {
    // The typed credentials go to an address the administrator chose: a refusal is on record (refusedCheckOnRecord).
    const refusal = { action: "provider_account.connect_failed" as const, summary: { provider: parsed.data.provider, label, baseUrl: parsed.data.baseUrl } };
    await refusedCheckOnRecord(db, context, refusal, async () => {
      await pingOrExplain(parsed.data);
      // A Cardepass account writes what its document says (v2 top-ups send `amount`): detect it unless chosen.
      const provider = createProvider(parsed.data);
      if (provider instanceof CardepassProvider && !parsed.data.settings?.apiVersion) {
        try {
          parsed.data.settings = { ...parsed.data.settings, apiVersion: await provider.detectDocumentVersion() };
        } catch (error) {
          const { message } = describeProviderFailure(error);
          throw new ActionError("provider_error", message, failureFields(error, parsed.data.provider));
        }
      }
    });
  }

  return db.transaction(async (tx) => {
    // Again under the lock: another request may have connected the same account while this one pinged.
    await lockOrganizationAccounts(tx, input.organizationId);
    await refuseTakenLabel(tx, { organizationId: input.organizationId, label });
    await refuseSameAccount(tx, { organizationId: input.organizationId, account: parsed.data });
    const [row] = await tx
      .insert(providerAccounts)
      .values({
        organizationId: input.organizationId,
        provider: parsed.data.provider,
        label,
        baseUrl: parsed.data.baseUrl,
        credentialsEncrypted: encryptJson(parsed.data.credentials),
        ...storedWebhookSecret(newWebhookSecret()),
        settings: parsed.data.settings ?? {},
      })
      .returning({ id: providerAccounts.id });
    await record(tx, context, {
      action: "provider_account.created",
      targetType: "provider_account",
      targetId: row!.id,
      summary: { provider: parsed.data.provider, label, baseUrl: parsed.data.baseUrl, settings: parsed.data.settings ?? {} },
    });
    return { id: row!.id };
  });
}

/**
 * Proves a configuration with the provider's ping; a refusal becomes a plain message with the provider's answer beside it.
 * SECURITY: the ping fetches its own token with the typed credentials (a cache of its own), so no token this process
 * holds from earlier credentials can prove new ones.
 */
export async function pingOrExplain(config: ProviderAccountConfig): Promise<PingResult> {
  try {
    return await createProvider(probeConfig(config), { tokenCache: new TokenCache() }).ping();
  } catch (error) {
    const { message, providerDetail } = describeProviderFailure(error);
    throw new ActionError("provider_error", providerDetail ? `${message} (The provider said: ${providerDetail}.)` : message, failureFields(error, config.provider));
  }
}
