import { and, asc, eq } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { rotateWebhookSecret } from "@/lib/provider-accounts/rotate-webhook-secret";
import { readWebhookSecret } from "@/lib/provider-accounts/webhook-secret";

/** The URL a provider account's webhooks are sent to: APP_URL + /api/webhooks/<provider>/<the account's secret>. */
export function webhookUrl(
  appUrl: string,
  account: { provider: ProviderName; webhookSecret: string },
): string {
  return `${appUrl.replace(/\/+$/, "")}/api/webhooks/${account.provider}/${encodeURIComponent(account.webhookSecret)}`;
}

/**
 * Development and e2e: points the provider sandbox's NobePay webhooks at the app, through the first active NobePay
 * account on the sandbox, so webhooks really arrive. Does nothing when there is no such account. One made before
 * migration 0048 has no readable URL: its secret is rotated first (audited, with no person as the actor), which is safe
 * only because the sandbox is the one sender that knows the old URL, and this points it at the new one.
 */
export async function pointSandboxWebhooksAtApp(params: {
  databaseUrl: string;
  sandboxUrl: string;
  appUrl: string;
}): Promise<string | null> {
  const connection = createDb(params.databaseUrl, 1);
  try {
    const [account] = await connection.db
      .select({
        id: providerAccounts.id,
        organizationId: providerAccounts.organizationId,
        provider: providerAccounts.provider,
        webhookSecretEncrypted: providerAccounts.webhookSecretEncrypted,
      })
      .from(providerAccounts)
      .where(
        and(
          eq(providerAccounts.provider, "nobepay"),
          eq(providerAccounts.active, true),
          eq(providerAccounts.baseUrl, `${params.sandboxUrl}/nobepay`),
        ),
      )
      .orderBy(asc(providerAccounts.createdAt))
      .limit(1);
    if (!account) return null;
    const webhookSecret = readWebhookSecret(account.webhookSecretEncrypted) ?? (await rotateUnreadableSecret(connection.db, account));
    const url = webhookUrl(params.appUrl, { provider: account.provider, webhookSecret });
    const response = await fetch(`${params.sandboxUrl}/_sandbox/webhook-target`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url }),
    });
    if (!response.ok) throw new Error(`the sandbox refused the webhook target (${response.status})`);
    return url;
  } finally {
    await connection.pool.end();
  }
}

async function rotateUnreadableSecret(db: Db, account: { id: string; organizationId: string }): Promise<string> {
  const { webhookSecret } = await rotateWebhookSecret(
    db,
    { organizationId: account.organizationId, actorUserId: null, actorEmail: null, actorRoles: [], ip: null, userAgent: null },
    { accountId: account.id },
  );
  return webhookSecret;
}
