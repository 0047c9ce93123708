import type { Metadata } from "next";
import { ApprovalPoliciesSection } from "@/components/settings/approval-policies-section";
import { GeneralSettingsForm } from "@/components/settings/general-settings-form";
import { getDb } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { requireSection } from "@/lib/auth/current-user";
import { getSettings } from "@/lib/settings/get-settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireSection("settings");
  const db = getDb();
  const [settings, accounts] = await Promise.all([getSettings(db, user.organizationId), listProviderAccounts(db, { organizationId: user.organizationId })]);
  return (
    <div className="grid gap-10">
      <section aria-labelledby="rules-heading" className="grid gap-4">
        <h2 id="rules-heading" className="sr-only">
          Rules
        </h2>
        <GeneralSettingsForm
          settings={settings}
          accounts={accounts.map((account) => ({ id: account.id, label: account.label }))}
          adminUsesTotp={user.hasTotp}
        />
      </section>
      <ApprovalPoliciesSection organizationId={user.organizationId} adminUsesTotp={user.hasTotp} />
    </div>
  );
}
