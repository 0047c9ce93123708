import { PageHeader } from "@/components/layout/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { requireSection } from "@/lib/auth/current-user";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requireSection("settings");
  return (
    <>
      <PageHeader title="Settings" description="People, teams, provider accounts and the rules Cardhub applies." />
      <SettingsTabs />
      {children}
    </>
  );
}
