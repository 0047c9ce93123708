import { existsSync } from "node:fs";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed";
import { launchStack } from "./lib/launch";

if (existsSync(".env")) process.loadEnvFile(".env");

const port = Number(process.env.PORT ?? 3000);
const stack = await launchStack({
  nextMode: "dev",
  port,
  sandboxPort: Number(process.env.SANDBOX_PORT ?? 4010),
  sandboxActivityMs: Number(process.env.SANDBOX_ACTIVITY_INTERVAL_MS ?? 15_000),
  dataDir: ".data",
  embeddedPgPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
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

  Provider sandbox: ${stack.sandboxUrl}   Press Ctrl-C to stop.
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
