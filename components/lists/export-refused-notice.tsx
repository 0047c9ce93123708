"use client";

import { useEffect, useState, type ReactNode } from "react";
import { DISMISS_ATTRIBUTE, EXPORT_REFUSED_PARAM, withExportRefused } from "@/lib/csv/export-refused-param";

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
 * notice, and `hide` is called when the notice's Dismiss or an Export CSV link on the page is followed (a successful export downloads in place
 * and leaves the page as it is; a refused one comes back to a new page with the code). Returns the way to stop.
 */
export function watchExportRefusal(browser: NoticeBrowser, hide: () => void): () => void {
  const onClick = (event: Event) => {
    const dismissed = event.target !== null && "closest" in event.target && (event.target as Element).closest(`[${DISMISS_ATTRIBUTE}]`) !== null;
    if (dismissed || followsExportLink(event.target, browser.location)) hide();
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
 * The refusal notice in the browser, drawn on the server (ExportRefusedAlert) and only shown or hidden here, so the
 * page's JavaScript carries no alert markup. It holds what it was first drawn with: once the address has lost the
 * code, a refresh of the page draws nothing, and the notice stays until dismissed or an export is started again.
 */
export function ExportRefusedNotice({ children }: { children?: ReactNode }) {
  const [shown] = useState(children);
  const [hidden, setHidden] = useState(false);
  useEffect(() => (shown ? watchExportRefusal(window, () => setHidden(true)) : undefined), [shown]);
  return shown && !hidden ? shown : null;
}
