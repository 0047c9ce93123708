/**
 * The list page's query parameter naming the refusal an export route sent the browser back with, and the codes it may
 * name. Kept apart from export-refusal.ts (zod, the refusals' texts) because the browser's notice needs only this.
 */
/**
 * The refusals a person's browser is sent back to the export's list with (?exportRefused=<code>), the closed set a
 * list reads from its URL: they are about what was asked, and the list opens for whoever may ask it. Without the
 * permission, or for an account or card that is not there, the list itself is a 403 or 404 page that could not say
 * why; a signed-out browser is sent to sign in (lib/csv/export-route.ts).
 */
export const PAGE_REFUSAL_CODES = ["busy", "invalid", "missing"] as const;
export type PageRefusalCode = (typeof PAGE_REFUSAL_CODES)[number];

export const EXPORT_REFUSED_PARAM = "exportRefused";

/** Marks the notice's Dismiss link (the same page without the code, which the address may already be): it hides it. */
export const DISMISS_ATTRIBUTE = "data-export-refused-dismiss";

/** `params` without any refusal, plus `code` if given: the page's query for a refusal, or for dismissing it. */
export function withExportRefused(params: URLSearchParams, code?: PageRefusalCode): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(EXPORT_REFUSED_PARAM);
  if (code) next.set(EXPORT_REFUSED_PARAM, code);
  return next;
}
