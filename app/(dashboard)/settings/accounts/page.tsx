import type { Metadata } from "next";
import Link from "next/link";
import { Package } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { EmptyState } from "@/components/layout/empty-state";
import { BackgroundSyncList } from "@/components/settings/background-sync-list";
import { AccountActiveToggle, RotateWebhookUrlButton, TestConnectionButton } from "@/components/settings/provider-account-actions";
import { ProviderAccountDialogButton } from "@/components/settings/provider-account-dialog-button";
import { WebhookUrlField } from "@/components/settings/webhook-url-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { listOpenUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { requireSection } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { formatUtcDateTime } from "@/lib/format";
import { listProviderAccountViews } from "@/lib/provider-accounts/account-view";
import { backgroundSyncOf } from "@/lib/provider-accounts/background-sync";
import { UNREAD_NAMED } from "@/lib/provider-accounts/unread-transactions";
import { baseUrlPresets, CREDENTIAL_FIELDS } from "@/lib/provider-accounts/presets";
import { howToSetNewWebhookUrl } from "@/lib/provider-accounts/webhook-registration";
import { PROVIDER_NAMES } from "@/lib/providers/types";

export const metadata: Metadata = { title: "Provider accounts · Settings" };

export default async function ProviderAccountsPage() {
  const user = await requireSection("settings");
  const [accounts, backgroundSync, unreadTransactions] = await Promise.all([
    listProviderAccountViews(getDb(), user.organizationId),
    listBackgroundSyncHealth(getDb(), { organizationId: user.organizationId }),
    listOpenUnreadTransactionRows(getDb(), { organizationId: user.organizationId, limit: UNREAD_NAMED }),
  ]);
  const sandboxUrl = process.env.NODE_ENV === "production" && !process.env.SANDBOX_URL ? null : (process.env.SANDBOX_URL ?? null);
  const presets = Object.fromEntries(PROVIDER_NAMES.map((name) => [name, baseUrlPresets(name, sandboxUrl)])) as Record<(typeof PROVIDER_NAMES)[number], ReturnType<typeof baseUrlPresets>>;

  return (
    <section aria-labelledby="accounts-heading" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="accounts-heading" className="text-lg font-semibold">
            Provider accounts
          </h2>
          <p className="text-muted-foreground text-sm">Several accounts of the same provider may be connected. Secrets are stored encrypted and never shown.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline">
            <Link href="/cards/products">
              <Package aria-hidden /> Products
            </Link>
          </Button>
          <ProviderAccountDialogButton presets={presets} />
        </div>
      </div>
      {accounts.length === 0 ? (
        <EmptyState title="No provider accounts connected">Add one to issue and sync cards.</EmptyState>
      ) : (
        <ul className="grid gap-4" aria-label="Provider accounts">
          {accounts.map((account) => (
            <li key={account.id} className="grid gap-4 rounded-lg border p-4" aria-label={account.label}>
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h3 className="flex flex-wrap items-center gap-2 font-semibold">
                    {account.label}
                    <Badge variant={account.active ? "secondary" : "destructive"}>{account.active ? "Active" : "Disabled"}</Badge>
                  </h3>
                  <p className="text-muted-foreground text-sm break-all">
                    {PROVIDER_LABELS[account.provider]} · {account.baseUrl}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <ProviderAccountDialogButton account={account} presets={presets} />
                  <AccountActiveToggle accountId={account.id} label={account.label} active={account.active} />
                </div>
              </div>
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
                {CREDENTIAL_FIELDS[account.provider].map((field) => (
                  <div key={field.name}>
                    <dt className="text-muted-foreground">{field.label}</dt>
                    <dd>
                      {!account.storedFields.includes(field.name) ? (
                        "Not set: edit to enter it"
                      ) : field.secret ? (
                        "Set (hidden)"
                      ) : (
                        <>
                          ends in <span className="font-mono">{account.identifierHints[field.name]!.replace("…", "")}</span>
                        </>
                      )}
                    </dd>
                  </div>
                ))}
                {account.timeZone ? (
                  <div>
                    <dt className="text-muted-foreground">Time zone</dt>
                    <dd>{account.timeZone}</dd>
                  </div>
                ) : null}
                <div>
                  <dt className="text-muted-foreground">Last card sync</dt>
                  <dd>{account.lastSyncedAt ? formatUtcDateTime(account.lastSyncedAt) : "Not yet"}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="text-muted-foreground">Last card sync error</dt>
                  <dd className={account.lastError ? "text-destructive" : undefined}>
                    {account.lastError ? `${account.lastError} (${formatUtcDateTime(account.lastErrorAt!)})` : "None"}
                  </dd>
                </div>
                <div className="sm:col-span-2 lg:col-span-4">
                  <dt className="text-muted-foreground">Other reads</dt>
                  <dd>
                    <BackgroundSyncList
                      provider={account.provider}
                      accountActive={account.active}
                      reads={backgroundSyncOf(backgroundSync, account.id)}
                      unreadTransactions={unreadTransactions.get(account.id)}
                      unreadReview={{ accountId: account.id, mayDismiss: can(user, "transaction.dismiss_unread") }}
                    />
                  </dd>
                </div>
              </dl>
              {account.webhookUrl ? (
                <div className="grid gap-2">
                  <WebhookUrlField id={`webhook-${account.id}`} provider={account.provider} url={account.webhookUrl} />
                  <div>
                    <RotateWebhookUrlButton accountId={account.id} label={account.label} provider={account.provider} providerLabel={PROVIDER_LABELS[account.provider]} />
                  </div>
                </div>
              ) : account.receivesWebhooks ? (
                <div className="grid gap-2">
                  {account.webhookUrlCutOff ? (
                    <p className="text-muted-foreground text-sm">
                      This account&apos;s webhook URL is no longer accepted: another account held the same one and kept it when webhook URLs began to
                      be stored encrypted. Rotate it and {howToSetNewWebhookUrl(account.provider, PROVIDER_LABELS[account.provider])}.
                    </p>
                  ) : (
                    <p className="text-muted-foreground text-sm">
                      Cardhub cannot show this account&apos;s webhook URL: it was made before webhook URLs were stored encrypted, or under another
                      encryption key. A URL already registered with {PROVIDER_LABELS[account.provider]} keeps working. To see one here, rotate it and{" "}
                      {howToSetNewWebhookUrl(account.provider, PROVIDER_LABELS[account.provider])}.
                    </p>
                  )}
                  <div>
                    <RotateWebhookUrlButton accountId={account.id} label={account.label} provider={account.provider} providerLabel={PROVIDER_LABELS[account.provider]} />
                  </div>
                </div>
              ) : (
                <p className="text-muted-foreground text-sm">{PROVIDER_LABELS[account.provider]} sends no webhooks; Cardhub polls it instead.</p>
              )}
              <TestConnectionButton accountId={account.id} label={account.label} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
