import { and, asc, eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";

/** The URL a provider account's webhooks are sent to: APP_URL + /api/webhooks/<provider>/<the account's secret>. */
export function webhookUrl(
  appUrl: string,
  account: { provider: ProviderName; webhookSecret: string },
): string {
  return `${appUrl.replace(/\/+$/, "")}/api/webhooks/${account.provider}/${encodeURIComponent(account.webhookSecret)}`;
}

/**
 * Development and e2e: points the provider sandbox's NobePay webhooks at the app, through the first active NobePay
 * account's webhook URL, so webhooks really arrive. Does nothing when there is no such account.
 */
export async function pointSandboxWebhooksAtApp(params: {
  databaseUrl: string;
  sandboxUrl: string;
  appUrl: string;
}): Promise<string | null> {
  const connection = createDb(params.databaseUrl, 1);
  try {
    const [account] = await connection.db
      .select({ provider: providerAccounts.provider, webhookSecret: providerAccounts.webhookSecret })
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
    const url = webhookUrl(params.appUrl, account);
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
