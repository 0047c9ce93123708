export type PageErrorText = { title: string; back?: { href: string; label: string } };

const TO_AUDIT = { href: "/audit", label: "Back to the audit log" };
const TO_REQUESTS = { href: "/requests", label: "Back to requests" };

/** Each dashboard page's failure, by its path: what could not be loaded and, for a single entry, the way back to its list. */
const PAGES: readonly [RegExp, PageErrorText][] = [
  [/^\/requests$/, { title: "The requests could not be loaded." }],
  [/^\/requests\/new$/, { title: "The request form could not be loaded." }],
  [/^\/requests\/[^/]+$/, { title: "This request could not be loaded.", back: TO_REQUESTS }],
  [/^\/funding$/, { title: "The funding balances could not be loaded." }],
  [/^\/funding\/statements$/, { title: "The statement could not be loaded." }],
  [/^\/audit$/, { title: "The audit log could not be loaded." }],
  [/^\/audit\/installation$/, { title: "The installation audit could not be loaded." }],
  [/^\/audit\/[^/]+$/, { title: "This audit event could not be loaded.", back: TO_AUDIT }],
];

const SECTION_FALLBACK: Record<string, PageErrorText> = {
  requests: { title: "This page could not be loaded.", back: TO_REQUESTS },
  funding: { title: "This page could not be loaded." },
  audit: { title: "This page could not be loaded.", back: TO_AUDIT },
};

export type DashboardSection = keyof typeof SECTION_FALLBACK;

/** What a section's error state says for the page whose page or layout failed (the pathname, without its query). */
export function pageErrorFor(section: DashboardSection, pathname: string | null): PageErrorText {
  const path = (pathname ?? "").replace(/\/+$/, "") || "/";
  return PAGES.find(([pattern]) => pattern.test(path))?.[1] ?? SECTION_FALLBACK[section]!;
}
