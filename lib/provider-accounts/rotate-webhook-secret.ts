import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { CAPABILITIES } from "@/lib/providers";
import { newWebhookSecret, storedWebhookSecret } from "./webhook-secret";
import { webhookUrlFor } from "./webhook-url";

/**
 * Replaces an account's webhook secret with a fresh one, for a webhook URL that leaked (provider dashboards, proxy
 * logs). From the commit on, the old URL is refused like any unknown secret; the admin registers the returned URL
 * with the provider. The new secret is returned too, for a caller that hands it on itself (the dev launcher, to the
 * sandbox). SECURITY: neither the old nor the new secret goes into the audit row, a log line or an error.
 */
export async function rotateWebhookSecret(
  db: Db,
  context: AuditContext & { organizationId: string },
  input: { accountId: string },
): Promise<{ webhookUrl: string; webhookSecret: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: providerAccounts.id, organizationId: providerAccounts.organizationId, provider: providerAccounts.provider, label: providerAccounts.label })
      .from(providerAccounts)
      .where(eq(providerAccounts.id, input.accountId))
      .for("update");
    if (!row || row.organizationId !== context.organizationId) throw new ActionError("not_found", "That provider account does not exist.");
    if (!CAPABILITIES[row.provider].webhooks) throw new ActionError("invalid_input", `“${row.label}” receives no webhooks, so it has no webhook URL to rotate.`);
    const webhookSecret = newWebhookSecret();
    await tx.update(providerAccounts).set({ ...storedWebhookSecret(webhookSecret), updatedAt: new Date() }).where(eq(providerAccounts.id, row.id));
    await record(tx, context, {
      action: "provider_account.webhook_url_rotated",
      targetType: "provider_account",
      targetId: row.id,
      summary: { label: row.label, provider: row.provider },
    });
    return { webhookUrl: webhookUrlFor({ provider: row.provider, webhookSecret })!, webhookSecret };
  });
}
