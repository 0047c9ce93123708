import { z } from "zod";
import { firstParam, type RawSearchParams } from "@/lib/lists/search-params";

/** Why an export was refused: the closed set a route names in the page's URL (never text from the request). */
export const EXPORT_REFUSAL_CODES = ["busy", "forbidden", "invalid", "missing", "not_found", "signed_out"] as const;
export type ExportRefusalCode = (typeof EXPORT_REFUSAL_CODES)[number];

/** The page's query parameter naming the refusal an export route sent the browser back with. */
export const EXPORT_REFUSED_PARAM = "exportRefused";

export const EXPORT_RUNNING_MESSAGE =
  "An export of yours is still running. Let it finish or cancel it, then start this one again.";

/** The start of a route's answer to filters it cannot apply; the route names each filter after it. */
export const INVALID_FILTERS_PREFIX = "The export filters are not valid";

/** Each export: the page it belongs to, and what each refusal it can answer says to the person. */
export const EXPORT_SUBJECTS = {
  transactions: {
    page: "/transactions",
    messages: {
      busy: EXPORT_RUNNING_MESSAGE,
      forbidden: "You do not have permission to export transactions.",
      invalid: `${INVALID_FILTERS_PREFIX}: the notice below names each one and why.`,
      signed_out: "Sign in to export transactions.",
    },
  },
  audit: {
    page: "/audit",
    messages: {
      busy: EXPORT_RUNNING_MESSAGE,
      forbidden: "You do not have permission to export the audit log.",
      invalid: `${INVALID_FILTERS_PREFIX}: the notice below names each one and why.`,
      signed_out: "Sign in to export the audit log.",
    },
  },
  statements: {
    page: "/funding/statements",
    messages: {
      busy: EXPORT_RUNNING_MESSAGE,
      forbidden: "You do not have permission to export these statements.",
      invalid: `${INVALID_FILTERS_PREFIX}: the notice below names each one and why.`,
      missing: "Choose an account or a card.",
      not_found: "Not found.",
      signed_out: "Sign in to export statements.",
    },
  },
} as const satisfies Record<string, { page: string; messages: Partial<Record<ExportRefusalCode, string>> }>;

export type ExportSubject = keyof typeof EXPORT_SUBJECTS;
type MessagesOf = { [Subject in ExportSubject]: (typeof EXPORT_SUBJECTS)[Subject]["messages"] };
export type ExportRefusalCodeOf<Subject extends ExportSubject> = keyof MessagesOf[Subject] & ExportRefusalCode;

/**
 * A refused export's answer: the status and plain text a script reads, as before. The code lets the route send a
 * person's browser back to the export's page instead, where the same words are shown (see csvExportRoute).
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
  return new ExportRefusal(code, status, (EXPORT_SUBJECTS[subject].messages as Record<ExportRefusalCode, string>)[code]);
}

/** 400 naming every filter the export could not apply: it refuses rather than write a file other than the one asked for. */
export function refuseInvalidFilters(ignored: readonly { label: string; message: string }[]): ExportRefusal {
  return new ExportRefusal("invalid", 400, `${INVALID_FILTERS_PREFIX}: ${ignored.map((issue) => `${issue.label}: ${issue.message}`).join(" ")}`);
}

const refusalParam = z.enum(EXPORT_REFUSAL_CODES);

/** The message of the refusal a page's URL names, if it is one this export can answer; anything else is ignored. */
export function exportRefusedMessage(subject: ExportSubject, raw: RawSearchParams): string | null {
  const parsed = refusalParam.safeParse(firstParam(raw, EXPORT_REFUSED_PARAM));
  if (!parsed.success) return null;
  const messages: Partial<Record<ExportRefusalCode, string>> = EXPORT_SUBJECTS[subject].messages;
  return messages[parsed.data] ?? null;
}

/** `params` without any refusal, plus `code` if given: the page's query for a refusal, or for dismissing it. */
export function withExportRefused(params: URLSearchParams, code?: ExportRefusalCode): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(EXPORT_REFUSED_PARAM);
  if (code) next.set(EXPORT_REFUSED_PARAM, code);
  return next;
}
