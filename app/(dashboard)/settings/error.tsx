"use client";

import { SectionError } from "@/components/layout/page-error";
import type { SectionPages } from "@/components/layout/page-error-text";

const SETTINGS: SectionPages = {
  pages: [
    [/^\/settings$/, { title: "The settings could not be loaded." }],
    [/^\/settings\/people$/, { title: "The people could not be loaded." }],
    [/^\/settings\/teams$/, { title: "The teams could not be loaded." }],
    [/^\/settings\/accounts$/, { title: "The provider accounts could not be loaded." }],
  ],
  fallback: { title: "This page could not be loaded." },
};

/** Any settings page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function SettingsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section={SETTINGS} retry={retry} />;
}
