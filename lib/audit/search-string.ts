import type { AuditFilters } from "./filters";

/**
 * Filters → query string, for pagination links, the export link and "view all" links. Kept apart from the zod
 * schema in ./filters so the audit table, which renders in the browser too, does not carry zod.
 */
export function auditSearchString(filters: AuditFilters, cursor: { before?: string; after?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...cursor })) if (value) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
