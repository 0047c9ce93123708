/**
 * Whether a page the bench loaded is the page itself, rendered in full. Every page the bench times streams (each has
 * a loading.tsx), so its 200 is sent with the loading outline, before the page reads the database: a read that fails
 * afterwards still answers 200, with React's mark of a failed boundary instead of the content. Timed as it is, that
 * would be reported as a fast page.
 */

type ExpectedContent = { path: RegExp; what: string; content: RegExp };

/** A list's caption (components/lists/responsive-list.tsx) or one of its empty states (components/layout/empty-state.tsx). */
const listContent = (caption: string, emptyTitles: string[]) => new RegExp(`<caption[^>]*>${caption}</caption>|>(?:${emptyTitles.join("|")})<`);

/** What only the rendered page has, by path: none of it is in the page's loading outline. */
const PAGES: readonly ExpectedContent[] = [
  { path: /^\/bench-baseline$/, what: "the empty page's heading", content: /<h1[^>]*>Empty page<\/h1>/ },
  { path: /^\/cards$/, what: "the cards list's caption or its empty state", content: listContent("Cards, \\d+ shown", ["No cards match these filters", "No cards yet"]) },
  { path: /^\/cards\/[^/]+$/, what: "the card page's Provider requests section", content: /id="orders-heading"[^>]*>Provider requests</ },
  {
    path: /^\/transactions$/,
    what: "the transactions list's caption or its empty state",
    content: listContent("Transactions, \\d+ shown, newest first", ["No transactions match these filters", "No transactions yet"]),
  },
  { path: /^\/audit$/, what: "the audit list's caption or its empty state", content: listContent("Audit events, \\d+ shown, newest first", ["No events match these filters", "No events recorded yet"]) },
];

/**
 * React's marks of a boundary that failed on the server: `$RX("…")`, the instruction to render it in the browser
 * instead (a failure after the first bytes), and `data-dgst`, its error digest (a failure within them). Inside the
 * page's inline data a quote is escaped, so neither can come from content.
 */
const FAILED_BOUNDARY = ['$RX("', 'data-dgst="'];

/** The wording of every error state (components/layout/route-error.tsx titles, app/global-error.tsx). */
const ERROR_STATE = /could not be loaded/;

/** Null when the HTML is the page at `path` (query allowed) rendered in full; otherwise what is wrong with it. */
export function renderedPageProblem(path: string, html: string): string | null {
  const pathname = new URL(path, "http://bench.invalid").pathname;
  const page = PAGES.find((entry) => entry.path.test(pathname));
  if (!page) return `the bench knows no content to expect on ${pathname}`;
  if (FAILED_BOUNDARY.some((mark) => html.includes(mark))) return "a part of the page failed on the server (React's failed-boundary mark is in it)";
  if (ERROR_STATE.test(html)) return "the page shows its error state";
  if (!page.content.test(html)) return `the page lacks ${page.what} (only its loading outline, or another page, was served)`;
  return null;
}
