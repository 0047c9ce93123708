/** The variables to read: process.env, or a set being checked (lib/env.ts parses one before it is process.env). */
type Variables = Readonly<Record<string, string | undefined>>;

/** The port `npm run dev` serves the app on: PORT, else 3000 (an empty PORT counts as unset, as in lib/env.ts). */
export function devAppPort(variables: Variables = process.env): number {
  return Number(variables.PORT || 3000);
}

/**
 * The address the dev launcher gives the app as APP_URL (it listens on 127.0.0.1 only), so an operator command acting
 * on the development database, and the app itself without APP_URL, build invitation links and webhook URLs as the
 * running app is reached.
 */
export function devAppUrl(variables: Variables = process.env): string {
  return `http://127.0.0.1:${devAppPort(variables)}`;
}
