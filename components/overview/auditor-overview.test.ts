import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { parseAuditSearch } from "@/lib/audit/filters";
import type { AuditorOverview } from "@/lib/overview/load-overview";
import { AuditorOverviewSection } from "./auditor-overview";

const watched = { count: 0, recent: [] };
const overview: AuditorOverview = {
  since: new Date(Date.UTC(2026, 10, 28)),
  watch: { reveals: { ...watched, count: 2 }, denials: { ...watched, count: 1 }, exports: { ...watched, count: 8 } },
  labels: { cards: new Map(), users: new Map(), orderCards: new Map(), requests: new Map(), teams: new Map(), providerTexts: new Map(), actions: new Map() },
  latestVerification: null,
  lastIntact: null,
};

const html = renderToStaticMarkup(createElement(AuditorOverviewSection, { data: overview }));
const panel = (kind: string) => html.match(new RegExp(`<section aria-labelledby="overview-audit-${kind}"[\\s\\S]*?</section>`))![0];
const hrefs = (markup: string) => [...markup.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
/** The audit list a link opens: the filters the audit page applies to its query string. */
const filtersOf = (href: string) => parseAuditSearch(new URL(href, "http://cardhub.test").searchParams).filters;

describe("the auditor overview's links to the audit log", () => {
  it("links the Exports panel to export events only, one list per export event the panel counts", () => {
    const links = hrefs(panel("exports"));
    // The panel counts every action ending in ".exported" (db/queries/overview-audit.ts); the audit log filters on one.
    const exportActions = AUDIT_ACTIONS.filter((action) => action.endsWith(".exported")).sort();
    const opened = links.map(filtersOf).sort((a, b) => String(a.action).localeCompare(String(b.action)));
    expect(opened).toEqual(exportActions.map((action) => ({ from: "2026-11-28", action })));
    expect(links.every((link) => link.startsWith("/audit?"))).toBe(true);
  });

  it("keeps the Reveals and Denials links to their own events", () => {
    expect(hrefs(panel("reveals")).map(filtersOf)).toEqual([{ from: "2026-11-28", action: "card.revealed" }]);
    expect(hrefs(panel("denials")).map(filtersOf)).toEqual([{ from: "2026-11-28", outcome: "denied" }]);
  });
});
