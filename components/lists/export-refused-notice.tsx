"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { EXPORT_REFUSED_PARAM, withExportRefused } from "@/lib/csv/export-refusal";

/** The parts of the page's window the notice uses. */
export type NoticeBrowser = Pick<Window, "location" | "history" | "document">;

/** Whether a click followed a link to one of this site's CSV exports (each export's path ends in /export). */
function followsExportLink(target: EventTarget | null, page: Pick<Location, "href" | "origin">): boolean {
  const link = target !== null && "closest" in target ? (target as Element).closest("a") : null;
  if (!link) return false;
  const url = new URL(link.href, page.href);
  return url.origin === page.origin && url.pathname.endsWith("/export");
}

/** The page's address without the refusal's code, or null when it names none. */
function addressWithoutRefusal(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has(EXPORT_REFUSED_PARAM)) return null;
  const query = withExportRefused(url.searchParams).toString();
  return `${url.pathname}${query ? `?${query}` : ""}${url.hash}`;
}

/**
 * While a refusal notice is shown: the address loses the refusal's code, so a reload or a copied link shows no stale
 * notice, and `hide` is called when an Export CSV link on the page is followed (a successful export downloads in place
 * and leaves the page as it is; a refused one comes back to a new page with the code). Returns the way to stop.
 */
export function watchExportRefusal(browser: NoticeBrowser, hide: () => void): () => void {
  const onClick = (event: Event) => {
    if (followsExportLink(event.target, browser.location)) hide();
  };
  browser.document.addEventListener("click", onClick, true);
  const address = addressWithoutRefusal(browser.location.href);
  // On the first render this runs before the App Router's own effects, which make replaceState known to the router:
  // replaced before then, the router would keep the old address and write it back at its next refresh.
  const timer = address === null ? undefined : setTimeout(() => browser.history.replaceState(null, "", address), 0);
  return () => {
    browser.document.removeEventListener("click", onClick, true);
    clearTimeout(timer);
  };
}

/**
 * The refusal notice in the browser. It holds the message it was first drawn with: once the address has lost the code,
 * a refresh of the page renders no message, and the notice stays until dismissed or an export is started again.
 */
export function ExportRefusedNotice({ message, dismissHref }: { message: string | null; dismissHref: string }) {
  const [shown] = useState(message);
  const [hidden, setHidden] = useState(false);
  useEffect(() => (shown ? watchExportRefusal(window, () => setHidden(true)) : undefined), [shown]);
  if (!shown || hidden) return null;
  return (
    <Alert variant="destructive" className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
      <div className="min-w-0">
        <p className="font-medium">The CSV export did not start.</p>
        <p>{shown}</p>
      </div>
      {/* A link, so that dismissing works without JavaScript too: the same page without the refusal. */}
      <Link href={dismissHref} onClick={() => setHidden(true)} className="font-medium underline underline-offset-4">
        Dismiss
      </Link>
    </Alert>
  );
}
