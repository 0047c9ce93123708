"use client";

import { PageError } from "@/components/layout/page-error";

/** The general settings failed: shown below the layout's heading and tabs, so the other tabs stay a click away. */
export default function SettingsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The settings could not be loaded." retry={retry} />;
}
