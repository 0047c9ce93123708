import { userInfo } from "node:os";
import pg from "pg";
import { grantSystemOperator, listSystemOperators, revokeSystemOperator } from "@/lib/system-operators/system-operators";
import { openOperatorDb } from "./lib/operator-db";
import { operatorFailureLine } from "./lib/operator-error";

const USAGE = `Usage: npm run operators -- <list | grant <email> | revoke <email>>

Installation operators may read, on /audit/installation, the audit rows that belong to no organisation (sign-in
attempts for unknown emails). Run with the database owner's DATABASE_URL: the app itself cannot grant this.`;

async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if (command !== "list" && !((command === "grant" || command === "revoke") && email)) {
    console.error(USAGE);
    return 2;
  }
  const operator = await openOperatorDb(`operators ${command}`);
  try {
    if (command === "list") {
      const rows = await listSystemOperators(operator.db);
      if (rows.length === 0) console.log("operators: nobody is an installation operator.");
      for (const row of rows) console.log([row.email, row.name, row.grantedAt.toISOString(), row.grantedBy].join("\t"));
      return 0;
    }
    const context = { actorUserId: null, actorEmail: `cli:${userInfo().username}`, actorRoles: ["operator"], ip: null, userAgent: "cardhub operators CLI" };
    let change;
    try {
      change = command === "grant" ? await grantSystemOperator(operator.db, context, { email: email! }) : await revokeSystemOperator(operator.db, context, { email: email! });
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      // The app's role may only read system_operators (db/app-role.ts): only the schema owner grants.
      const role = decodeURIComponent(new URL(process.env.DATABASE_URL!).username);
      console.error(
        `operators ${command}: the role "${role}" may not change installation operators (permission denied): run it with DATABASE_URL set to the schema owner's URL, the one MIGRATION_DATABASE_URL holds (README "Deployment roles"). Nothing was changed.`,
      );
      return 1;
    }
    if (!change.ok) {
      console.error(`operators ${command}: ${change.message}`);
      return 1;
    }
    console.log(`operators ${command}: ${email} ${change.changed ? (command === "grant" ? "is now an installation operator" : "is no longer an installation operator") : "was already so; nothing changed"}.`);
    return 0;
  } finally {
    await operator.close();
  }
}

/** PostgreSQL's insufficient_privilege, as the driver reports it or as the query error Drizzle wraps it in. */
function isPermissionDenied(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof pg.DatabaseError ? error.cause : error;
  return cause instanceof pg.DatabaseError && cause.code === "42501";
}

process.exit(
  await main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(operatorFailureLine("operators", error));
    return 1;
  }),
);
