import { createHash } from "node:crypto";

/**
 * A port of this checkout's own, derived from its folder, so two clones on one machine (a CI run beside a working
 * copy, two branches) never share or stop each other's embedded PostgreSQL.
 *
 * The servers the test suites start listen below Linux's ephemeral port range (32768–60999 by default): inside it,
 * any outgoing connection of the machine can hold the port as its local end just when a server starts, and the
 * server then fails with "Address already in use" (a CI run's fault suite did).
 */
export function checkoutPort(base: number, span = 1000, folder = process.cwd()): number {
  const digest = createHash("sha256").update(folder).digest();
  return base + (digest.readUInt16BE(0) % span);
}

/** The embedded PostgreSQL of `npm run dev` and the operator commands (EMBEDDED_PG_PORT overrides). */
export function devDatabasePort(): number {
  return process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : checkoutPort(56000);
}
