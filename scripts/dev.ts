import { existsSync } from "node:fs";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed";
import { devDatabasePort } from "./lib/checkout-port";
import { devAppPort } from "./lib/dev-app-url";
import { launchStack } from "./lib/launch";

if (existsSync(".env")) process.loadEnvFile(".env");
const embeddedDatabase = !process.env.DATABASE_URL;

const port = devAppPort();
const stack = await launchStack({
  nextMode: "dev",
  port,
  sandboxPort: Number(process.env.SANDBOX_PORT ?? 4010),
  sandboxActivityMs: Number(process.env.SANDBOX_ACTIVITY_INTERVAL_MS ?? 15_000),
  dataDir: ".data",
  embeddedPgPort: devDatabasePort(),
  pickFreePgPort: !process.env.EMBEDDED_PG_PORT,
  embeddedDatabase: "cardhub",
  demoActivity: true,
}).catch((error: unknown) => {
  console.error(`[cardhub] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

const width = Math.max(...DEMO_USERS.map((user) => user.email.length));
console.log(`
  Cardhub is running at ${stack.appUrl}

  Demo sign-ins (password: ${DEMO_PASSWORD}):
${DEMO_USERS.map((user) => `    ${user.email.padEnd(width)}  ${user.roles.join(", ")}${user.team ? ` · ${user.team}` : ""}`).join("\n")}

  Provider sandbox: ${stack.sandboxUrl}
  Database: ${new URL(stack.databaseUrl).host}${embeddedDatabase ? " (embedded, data in .data/pg)" : ""}   Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\n[cardhub] stopping…");
    void stack.stop().then(() => process.exit(0));
  });
}
