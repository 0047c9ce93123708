import { EXPORT_REFUSED_PARAM } from "@/lib/csv/export-refused-param";
import { asSearchParams, type RawSearchParams } from "./search-params";

// The keyset lists page with before/after, statements with the provider's cursor.
const PAGE_PARAMS = new Set(["before", "after", "cursor", EXPORT_REFUSED_PARAM]);

/**
 * A list's "Export CSV" link. It carries the filters the list applied; but when the page's own link had a filter the
 * list could not apply (dropped with a notice: a "to" before its "from", say), the export gets that link's filters as
 * they were, so it refuses them by name rather than write a file wider than the one the person believes they asked
 * for (the whole audit log instead of a date range). The page cursor is never part of an export.
 */
export function exportHref(exportPath: string, applied: string, raw: RawSearchParams, ignored: readonly unknown[]): string {
  if (ignored.length === 0) return `${exportPath}${applied}`;
  const params = asSearchParams(raw);
  for (const key of PAGE_PARAMS) params.delete(key);
  const query = params.toString();
  return query ? `${exportPath}?${query}` : exportPath;
}
