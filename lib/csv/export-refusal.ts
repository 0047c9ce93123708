import { z } from "zod";
import type { Section } from "@/lib/auth/sections";
import { firstParam, type RawSearchParams } from "@/lib/lists/search-params";
import { EXPORT_REFUSED_PARAM, PAGE_REFUSAL_CODES, type PageRefusalCode } from "./export-refused-param";

/** Why an export was refused. Each keeps its status and plain text, which a script reads. */
export type ExportRefusalCode = "busy" | "forbidden" | "invalid" | "missing" | "not_found" | "signed_out";

export const EXPORT_RUNNING_MESSAGE =
  "An export of yours is still running. Let it finish or cancel it, then start this one again.";

/** The start of a route's answer to filters it cannot apply; the route names each filter after it. */
export const INVALID_FILTERS_PREFIX = "The export filters are not valid";

const INVALID_FILTERS_NOTICE = `${INVALID_FILTERS_PREFIX}: the notice below names each one and why.`;
const NO_STATEMENT_CHOSEN = "Choose an account or a card.";

/**
 * Each export: its list page and the section that opens it, the plain text of each refusal refuseExport answers, and
 * what the list says of each refusal it is sent back with.
 */
export const EXPORT_SUBJECTS = {
  transactions: {
    page: "/transactions",
    section: "transactions",
    texts: {
      forbidden: "You do not have permission to export transactions.",
      signed_out: "Sign in to export transactions.",
    },
    notices: { busy: EXPORT_RUNNING_MESSAGE, invalid: INVALID_FILTERS_NOTICE },
  },
  audit: {
    page: "/audit",
    section: "audit",
    texts: {
      forbidden: "You do not have permission to export the audit log.",
      signed_out: "Sign in to export the audit log.",
    },
    notices: { busy: EXPORT_RUNNING_MESSAGE, invalid: INVALID_FILTERS_NOTICE },
  },
  statements: {
    page: "/funding/statements",
    section: "funding",
    texts: {
      forbidden: "You do not have permission to export these statements.",
      missing: NO_STATEMENT_CHOSEN,
      not_found: "Not found.",
      signed_out: "Sign in to export statements.",
    },
    notices: { busy: EXPORT_RUNNING_MESSAGE, invalid: INVALID_FILTERS_NOTICE, missing: NO_STATEMENT_CHOSEN },
  },
} as const satisfies Record<
  string,
  { page: string; section: Section; texts: Partial<Record<ExportRefusalCode, string>>; notices: Partial<Record<PageRefusalCode, string>> }
>;

export type ExportSubject = keyof typeof EXPORT_SUBJECTS;
type TextsOf = { [Subject in ExportSubject]: (typeof EXPORT_SUBJECTS)[Subject]["texts"] };
export type ExportRefusalCodeOf<Subject extends ExportSubject> = keyof TextsOf[Subject] & ExportRefusalCode;

/**
 * A refused export's answer: the status and plain text a script reads, as before. The code lets the route send a
 * person's browser back to the export's list instead when the list explains it (see csvExportRoute).
 */
export class ExportRefusal extends Response {
  readonly code: ExportRefusalCode;

  constructor(code: ExportRefusalCode, status: number, message: string) {
    super(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    this.code = code;
  }
}

/** A refusal in the export's own words (an invalid-filters refusal names each filter: see refuseInvalidFilters). */
export function refuseExport<Subject extends ExportSubject>(subject: Subject, code: ExportRefusalCodeOf<Subject>, status: number): ExportRefusal {
  return new ExportRefusal(code, status, (EXPORT_SUBJECTS[subject].texts as Record<ExportRefusalCode, string>)[code]);
}

/**
 * A list's notice for a filter it dropped, in an export's words. The notice says what is wrong, then what the list does
 * instead ("Unknown event; showing every event.", "From is not a real date; it was ignored.", "…, so the first page is
 * shown."); an export applies nothing instead, it refuses, so only what is wrong is kept, after the filter's name:
 * "Event: unknown event.", "From: not a real date.".
 */
export function exportFilterProblem(issue: { label: string; message: string }): string {
  let problem = issue.message.split(/; |, so | and was ignored/)[0]!.replace(/\.$/, "").trim();
  if (problem.startsWith(`${issue.label} `)) problem = problem.slice(issue.label.length + 1).replace(/^is /, "");
  // A sentence's capital goes, a code's ("USD is not …") stays.
  else if (/^[A-Z][^A-Z]/.test(problem)) problem = problem[0]!.toLowerCase() + problem.slice(1);
  return `${issue.label}: ${problem}.`;
}

/** 400 naming every filter the export could not apply: it refuses rather than write a file other than the one asked for. */
export function refuseInvalidFilters(ignored: readonly { label: string; message: string }[]): ExportRefusal {
  return new ExportRefusal("invalid", 400, `${INVALID_FILTERS_PREFIX}: ${ignored.map(exportFilterProblem).join(" ")}`);
}

const refusalParam = z.enum(PAGE_REFUSAL_CODES);

/** Whether a refusal is one the export's list explains (see PAGE_REFUSAL_CODES). */
export function isPageRefusal(code: ExportRefusalCode): code is PageRefusalCode {
  return refusalParam.safeParse(code).success;
}

/** The notice of the refusal a page's URL names, if it is one this export's list explains; anything else is ignored. */
export function exportRefusedMessage(subject: ExportSubject, raw: RawSearchParams): string | null {
  const parsed = refusalParam.safeParse(firstParam(raw, EXPORT_REFUSED_PARAM));
  if (!parsed.success) return null;
  const notices: Partial<Record<PageRefusalCode, string>> = EXPORT_SUBJECTS[subject].notices;
  return notices[parsed.data] ?? null;
}

/** The export's list page with `params` (none: the bare path). */
export function exportPageAddress(subject: ExportSubject, params: URLSearchParams): string {
  const query = params.toString();
  return `${EXPORT_SUBJECTS[subject].page}${query ? `?${query}` : ""}`;
}
