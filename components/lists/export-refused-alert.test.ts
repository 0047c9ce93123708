import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "@/lib/audit/filters";
import type { RawSearchParams } from "@/lib/lists/search-params";
import { parseStatementSearch } from "@/lib/statements/filters";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { ExportRefusedAlert } from "./export-refused-alert";
import { watchExportRefusal, type NoticeBrowser } from "./export-refused-notice";

type Subject = "transactions" | "audit" | "statements";

const render = (subject: Subject, searchParams: RawSearchParams) => renderToStaticMarkup(createElement(ExportRefusedAlert, { subject, searchParams }));
const dismissHref = (html: string) => /<a [^>]*href="([^"]*)"[^>]*>Dismiss<\/a>/.exec(html)?.[1];
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ").trim();

const RUNNING = "An export of yours is still running. Let it finish or cancel it, then start this one again.";
const INVALID = "The export filters are not valid: the notice below names each one and why.";

// What each list says of the refusals an export route sends the browser back to it with (lib/csv/export-route.ts):
// those of a person who may open the list, about what they asked for.
const MESSAGES: Record<Subject, Record<string, string>> = {
  transactions: { busy: RUNNING, invalid: INVALID },
  audit: { busy: RUNNING, invalid: INVALID },
  statements: { busy: RUNNING, invalid: INVALID, missing: "Choose an account or a card." },
};

// Refusals the route answers in plain text (or with the sign-in page), never sent to a list: it could not be opened.
const NEVER_SENT: Record<Subject, string[]> = {
  transactions: ["forbidden", "signed_out", "missing", "not_found"],
  audit: ["forbidden", "signed_out", "missing", "not_found"],
  statements: ["forbidden", "signed_out", "not_found"],
};

const PAGES: Record<Subject, { path: string; filters: RawSearchParams; query: string }> = {
  transactions: { path: "/transactions", filters: { status: "settled", q: "Coffee & tea" }, query: "status=settled&amp;q=Coffee+%26+tea" },
  audit: { path: "/audit", filters: { outcome: "denied", before: "42" }, query: "outcome=denied&amp;before=42" },
  statements: { path: "/funding/statements", filters: { account: "7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f", type: ["AccountTopUp", "AuthBlock"] }, query: "account=7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f&amp;type=AccountTopUp&amp;type=AuthBlock" },
};

describe.each(Object.keys(MESSAGES) as Subject[])("ExportRefusedAlert on the %s page", (subject) => {
  it.each(Object.entries(MESSAGES[subject]))("says why the export was refused (%s), with a way to dismiss it", (code, message) => {
    const html = render(subject, { ...PAGES[subject].filters, exportRefused: code });
    expect(html).toMatch(/^<div[^>]* role="alert"/);
    expect(text(html)).toBe(`The CSV export did not start. ${message} Dismiss`);
    // Dismiss: the same page and filters, without the refusal.
    expect(dismissHref(html)).toBe(`${PAGES[subject].path}?${PAGES[subject].query}`);
  });

  it("shows nothing without a refusal, for a code that is not one, or one this export never sends", () => {
    const { filters } = PAGES[subject];
    expect(render(subject, filters)).toBe("");
    for (const code of ["", "unknown", "BUSY", "<script>", "toString", ...NEVER_SENT[subject]]) {
      expect(render(subject, { ...filters, exportRefused: code }), code).toBe("");
    }
  });

  it("reads the first value of a repeated parameter, as every list does", () => {
    expect(text(render(subject, { exportRefused: ["busy", "forbidden"] }))).toContain(RUNNING);
    expect(dismissHref(render(subject, { exportRefused: ["busy", "forbidden"] }))).toBe(PAGES[subject].path);
  });
});

describe("the list parsers", () => {
  it("take the refusal parameter as no filter of theirs, so it is never listed as ignored", () => {
    const raw = { exportRefused: "busy", status: "settled", outcome: "denied", account: "7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f" };
    expect(parseTransactionSearch(raw).ignored).toEqual([]);
    expect(parseAuditSearch(raw).ignored).toEqual([]);
    expect(parseStatementSearch(raw).ignored).toEqual([]);
  });
});

describe("the notice in the browser", () => {
  const PAGE = "http://localhost/transactions?status=settled&exportRefused=busy&q=Coffee+%26+tea";

  /** A page's window as the notice sees it: its address, its history and the clicks on its document. */
  function browserAt(href: string) {
    const listeners = new Set<(event: { target: unknown }) => void>();
    const addresses: string[] = [];
    const browser = {
      location: new URL(href),
      history: { replaceState: (_state: unknown, _unused: string, url: string) => void addresses.push(url) },
      document: {
        addEventListener: (type: string, listener: (event: { target: unknown }) => void) => void (type === "click" && listeners.add(listener)),
        removeEventListener: (type: string, listener: (event: { target: unknown }) => void) => void (type === "click" && listeners.delete(listener)),
      },
    };
    const click = (target: unknown) => listeners.forEach((listener) => listener({ target }));
    return { browser, addresses, listeners, click };
  }
  /** Something clicked inside a link to `href` (an icon, the link's text). */
  const inLink = (href: string) => ({ closest: (selector: string) => (selector === "a" ? { href: new URL(href, PAGE).href } : null) });
  /** Something clicked inside the notice's own Dismiss link (the page without the code). */
  const inDismiss = { closest: (selector: string) => (selector === "a" || selector.includes("data-export-refused-dismiss") ? { href: new URL("/transactions?status=settled", PAGE).href } : null) };
  const outsideLinks = { closest: () => null };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const watch = (browser: unknown, hide: () => void) => watchExportRefusal(browser as NoticeBrowser, hide);

  it("drops the refusal from the address once shown (after the router's own start), so a reload or a shared link shows no stale notice", async () => {
    const { browser, addresses } = browserAt(`${PAGE}#rows`);
    watch(browser, () => undefined);
    expect(addresses).toEqual([]);
    await tick();
    expect(addresses).toEqual(["/transactions?status=settled&q=Coffee+%26+tea#rows"]);

    const unnamed = browserAt("http://localhost/transactions?status=settled");
    watch(unnamed.browser, () => undefined);
    await tick();
    expect(unnamed.addresses).toEqual([]);
  });

  it("goes away when an export is started again from the page, whichever Export CSV link it is", () => {
    for (const exportHref of ["/transactions/export?status=settled", "/audit/export", "/funding/statements/export?account=7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f"]) {
      const { browser, click } = browserAt(PAGE);
      let hidden = 0;
      watch(browser, () => void hidden++);
      click(outsideLinks);
      click(inLink("/transactions?status=pending"));
      click(inLink("/cards/export-rules"));
      click(inLink("https://elsewhere.example/transactions/export"));
      click(null);
      expect(hidden, exportHref).toBe(0);
      click(inLink(exportHref));
      expect(hidden, exportHref).toBe(1);
    }
  });

  it("goes away when its Dismiss is followed, though the address may already be the page it leads to", () => {
    const { browser, click } = browserAt(PAGE);
    let hidden = 0;
    watch(browser, () => void hidden++);
    click(inLink("/transactions?status=settled"));
    expect(hidden).toBe(0);
    click(inDismiss);
    expect(hidden).toBe(1);
  });

  it("stops watching when the notice goes", async () => {
    const { browser, addresses, listeners } = browserAt(PAGE);
    const stop = watch(browser, () => undefined);
    expect(listeners.size).toBe(1);
    stop();
    await tick();
    expect(listeners.size).toBe(0);
    expect(addresses).toEqual([]);
  });
});
