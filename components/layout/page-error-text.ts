export type PageErrorText = { title: string; back?: { href: string; label: string } };

/** A section's pages by path (without the query), and what its error state says for each. */
export type SectionPages = { pages: readonly [RegExp, PageErrorText][]; fallback: PageErrorText };

/** What a section's error state says for the page whose page or layout failed. */
export function pageErrorFor({ pages, fallback }: SectionPages, pathname: string | null): PageErrorText {
  const path = (pathname ?? "").replace(/\/+$/, "") || "/";
  return pages.find(([pattern]) => pattern.test(path))?.[1] ?? fallback;
}
