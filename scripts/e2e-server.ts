import { launchStack } from "./lib/launch";

// Never the operator's own database: with DATABASE_URL set, the suite uses a database of its own on that server.
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = "/cardhub_e2e";
  process.env.DATABASE_URL = url.toString();
}

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

const stack = await launchStack({
  nextMode: "production",
  port: E2E_PORT,
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4011),
  sandboxActivityMs: 0,
  dataDir: ".data/e2e",
  embeddedPgPort: Number(process.env.E2E_PG_PORT ?? 25331),
  embeddedDatabase: "cardhub_e2e",
  freshDatabase: true,
  logDir: ".data/e2e/logs",
  echoChildren: false,
});
console.log(`[e2e] app ${stack.appUrl}, sandbox ${stack.sandboxUrl}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(0)));
}
