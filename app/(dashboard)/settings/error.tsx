"use client";

import { SectionError } from "@/components/layout/page-error";

/** Any settings page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function SettingsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section="settings" retry={retry} />;
}
