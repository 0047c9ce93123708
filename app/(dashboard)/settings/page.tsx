import type { Metadata } from "next";
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
        <GeneralSettingsForm settings={settings} accounts={accounts.map((account) => ({ id: account.id, label: account.label }))} />
      </section>
      {/* APPROVAL POLICIES: the lead mounts <ApprovalPoliciesSection /> (components/settings/approval-policies-section.tsx,
          written by the requests developer) here, as its own section with its own form. */}
    </div>
  );
}
