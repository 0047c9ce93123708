import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "@/lib/audit/filters";
import type { RawSearchParams } from "@/lib/lists/search-params";
import { parseStatementSearch } from "@/lib/statements/filters";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { ExportRefusedAlert } from "./export-refused-alert";

type Subject = "transactions" | "audit" | "statements";

const render = (subject: Subject, searchParams: RawSearchParams) => renderToStaticMarkup(createElement(ExportRefusedAlert, { subject, searchParams }));
const dismissHref = (html: string) => /<a [^>]*href="([^"]*)"[^>]*>Dismiss<\/a>/.exec(html)?.[1];
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ").trim();

const RUNNING = "An export of yours is still running. Let it finish or cancel it, then start this one again.";
const INVALID = "The export filters are not valid: the notice below names each one and why.";

// The wording each export route answers a script with today (lib/*/export.ts, lib/csv/export-route.ts).
const MESSAGES: Record<Subject, Record<string, string>> = {
  transactions: {
    busy: RUNNING,
    forbidden: "You do not have permission to export transactions.",
    invalid: INVALID,
    signed_out: "Sign in to export transactions.",
  },
  audit: {
    busy: RUNNING,
    forbidden: "You do not have permission to export the audit log.",
    invalid: INVALID,
    signed_out: "Sign in to export the audit log.",
  },
  statements: {
    busy: RUNNING,
    forbidden: "You do not have permission to export these statements.",
    invalid: INVALID,
    missing: "Choose an account or a card.",
    not_found: "Not found.",
    signed_out: "Sign in to export statements.",
  },
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
    for (const code of ["", "unknown", "BUSY", "<script>", "toString", ...(subject === "statements" ? [] : ["missing", "not_found"])]) {
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
