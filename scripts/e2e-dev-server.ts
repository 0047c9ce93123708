import { launchStack } from "./lib/launch";

/**
 * The stack of `npm run dev` (Next's development server, which logs more than production does) on ports and data
 * of its own, from a fresh demo seed: the development leak check (playwright.dev.config.ts) runs against it.
 */
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = "/cardhub_e2e";
  process.env.DATABASE_URL = url.toString();
}

const stack = await launchStack({
  nextMode: "dev",
  port: Number(process.env.E2E_PORT),
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT),
  sandboxActivityMs: 0,
  dataDir: ".data/e2e-dev",
  embeddedPgPort: Number(process.env.E2E_PG_PORT),
  embeddedDatabase: "cardhub_e2e",
  freshDatabase: true,
  logDir: ".data/e2e-dev/logs",
  echoChildren: false,
});
console.log(`[e2e-dev] app ${stack.appUrl}, sandbox ${stack.sandboxUrl}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(0)));
}
