/** Runs once per server process before it handles requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    if (process.env.NODE_ENV === "production") {
      // `npm start` checked this already (scripts/start.ts); `next start` run directly did not. The same check, so a
      // misconfigured server stops here with one line per wrong variable and exit code 1, instead of starting and
      // answering 500s (Next.js only logs a failing register() and fails every request). Env only: the database
      // checks of `npm start` may apply migrations and take locks, which is no work for every web server's boot.
      // `next build` never calls register(); `next dev` and tests run with another NODE_ENV.
      const { requireProductionEnv } = await import("./scripts/lib/production-env");
      requireProductionEnv();
    }
    const { installClientAddressStamp } = await import("./lib/auth/client-address-stamp");
    installClientAddressStamp();
  }
}
