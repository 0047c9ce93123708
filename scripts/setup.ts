import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { ActionError } from "@/lib/actions/result";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { openOperatorDb } from "./lib/operator-db";

const USAGE = `Usage: npm run setup -- --organization "<name>" --admin-email <email> --admin-name "<name>" [--another-organization]

Creates an organisation and its first administrator, and prints a single-use sign-in link (valid seven days, based on
APP_URL) through which that administrator chooses a password. No password is asked for, printed or stored.
Refused when the installation already has an organisation, unless --another-organization is given.
Uses DATABASE_URL (run \`npm run db:migrate\` or \`npm start\` once first), or the dev database in .data/ when it is unset.`;

const FLAGS: Record<string, string> = {
  organizationName: "--organization",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
  anotherOrganization: "--another-organization",
};

async function main(): Promise<number> {
  let values: {
    organization?: string;
    "admin-email"?: string;
    "admin-name"?: string;
    "another-organization"?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        organization: { type: "string" },
        "admin-email": { type: "string" },
        "admin-name": { type: "string" },
        "another-organization": { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = (["organization", "admin-email", "admin-name"] as const)
    .filter((name) => values[name] === undefined)
    .map((name) => `--${name}`);
  if (missing.length > 0) {
    console.error(`setup: missing ${missing.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  const operator = await openOperatorDb("setup");
  try {
    // Read after openOperatorDb, which loads .env.
    const appUrlUnset = !process.env.APP_URL;
    const context = {
      actorEmail: `cli:${userInfo().username}`,
      actorRoles: ["operator"],
      ip: null,
      userAgent: "cardhub setup CLI",
    };
    const created = await createOrganizationWithAdmin(operator.db, context, {
      organizationName: values.organization!,
      adminEmail: values["admin-email"]!,
      adminName: values["admin-name"]!,
      anotherOrganization: values["another-organization"] ?? false,
    });
    console.log(
      `Created the organisation "${values.organization!.trim()}" and its administrator ${values["admin-email"]!.trim().toLowerCase()}.`,
    );
    console.log(
      `Hand this single-use link to them (valid until ${created.invitation.expiresAt.toISOString()}); they choose their password there:`,
    );
    console.log(`  ${created.invitation.url}`);
    if (appUrlUnset)
      console.error(
        "setup: APP_URL is not set, so this link starts with http://127.0.0.1:3000. Set APP_URL to the address people open (the web app needs it too), or replace that part of the link.",
      );
    console.log(
      "Two-factor sign-in is required for admins by default: they set up an authenticator right after the first sign-in.",
    );
    return 0;
  } catch (error) {
    if (error instanceof ActionError && error.fields?.anotherOrganization) {
      console.error(
        `setup: ${error.message} Nothing was created. To create a further organisation beside it, add --another-organization.`,
      );
      return 1;
    }
    if (error instanceof ActionError && error.fields) {
      for (const [field, message] of Object.entries(error.fields))
        console.error(`setup: ${FLAGS[field] ?? field}: ${message}`);
      return 1;
    }
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await operator.close();
  }
}

process.exit(await main());
