import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireSection("settings");
  return (
    <>
      <PageHeader title="Settings" description="Users, roles, teams and provider accounts." />
    </>
  );
}
