/** The port `npm run dev` serves the app on: PORT, else 3000. */
export function devAppPort(): number {
  return Number(process.env.PORT ?? 3000);
}

/**
 * The address the dev launcher gives the app as APP_URL (it listens on 127.0.0.1 only), so an operator command acting
 * on the development database builds its invitation links and webhook URLs as the running app does.
 */
export function devAppUrl(): string {
  return `http://127.0.0.1:${devAppPort()}`;
}
