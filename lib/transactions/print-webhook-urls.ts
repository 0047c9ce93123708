import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { readWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { webhookUrlShown } from "@/lib/provider-accounts/webhook-registration";
import { devAppUrl } from "@/scripts/lib/dev-app-url";
import { webhookUrl } from "./webhook-url";

/** For `npm run accounts -- list`: each webhook-sending account's URL, to give the provider (APP_URL + path). */
export async function printWebhookUrls(
  db: DbOrTx,
  accounts: readonly { id: string; label: string; provider: string }[],
): Promise<void> {
  const ids = accounts.filter((account) => account.provider === "nobepay").map((account) => account.id);
  if (ids.length === 0) return;
  const appUrl = process.env.APP_URL || devAppUrl();
  // A provider cannot reach a loopback address: say so rather than print a URL that looks ready to register.
  if (!process.env.APP_URL) console.log(`APP_URL is not set: these webhook URLs start with ${appUrl}, which a provider cannot reach. Set APP_URL to the app's public URL before registering them.`);
  const rows = await db
    .select({
      label: providerAccounts.label,
      provider: providerAccounts.provider,
      webhookSecretEncrypted: providerAccounts.webhookSecretEncrypted,
    })
    .from(providerAccounts)
    .where(inArray(providerAccounts.id, ids));
  // What holds for every URL (they share APP_URL) is said once, after them.
  const notes = new Set<string>();
  for (const row of rows) {
    const webhookSecret = readWebhookSecret(row.webhookSecretEncrypted);
    if (webhookSecret === null) {
      console.log(`webhook   ${row.label}: not readable (made before webhook URLs were stored encrypted, or under another key); rotate it in Settings → Provider accounts to see one`);
      continue;
    }
    const shown = webhookUrlShown(row.provider, webhookUrl(appUrl, { provider: row.provider, webhookSecret }));
    if (shown.state === "needs-https") {
      console.log(`webhook   ${row.label}: not shown: ${shown.notice}`);
      continue;
    }
    console.log(`webhook   ${row.label}: ${shown.url}`);
    const note = shown.state === "local" ? shown.notice : shown.hint;
    if (note) notes.add(note);
  }
  for (const note of notes) console.log(note);
}
