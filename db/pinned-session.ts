/**
 * SECURITY: any role may change its own session defaults (ALTER ROLE <itself> SET search_path …), so whoever holds the
 * app's database login could point the app at a schema where it keeps a copy of audit_log (every query names its
 * tables without a schema) and edit history there. A setting sent at connection start overrides every role and
 * database default, so each connection the app opens sends this one. Appended after any `options` the URL already
 * carries: the last one given wins.
 */
const PINNED_OPTIONS = "-c search_path=public";

/** The connection URL with the app's search_path pinned in its startup options (unchanged when it already is). */
export function withPinnedSession(connectionString: string): string {
  const url = new URL(connectionString);
  const given = url.searchParams.get("options");
  if (given?.endsWith(PINNED_OPTIONS)) return connectionString;
  url.searchParams.set("options", given ? `${given} ${PINNED_OPTIONS}` : PINNED_OPTIONS);
  return url.toString();
}
